package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.metal.MetalApiException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cleanup has no status update of its own: this writes one in ({@link StatusWrite}), and a failed write waits for
 * the next attempt.
 */
final class CleanupStatus {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupStatus.class);

    private CleanupStatus() {}

    /**
     * Runs a release and reports a metal-api failure on the object, in its conditions and a Warning event, since
     * JOSDK reports a failed cleanup in its log only. Credentials are looked at again after a minute; any other
     * failure is thrown on, to JOSDK's retry.
     */
    static <R extends HasMetadata> DeleteControl reported(
            KubernetesClient client,
            R resource,
            BiConsumer<R, MetalApiException> markNotReady,
            Supplier<DeleteControl> release) {
        try {
            return release.get();
        } catch (MetalApiException failed) {
            markNotReady.accept(resource, failed);
            patch(client, resource);
            if (failed instanceof MetalApiException.NotConfigured || failed instanceof MetalApiException.Unauthorized) {
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(CredentialChangeEvents.RECHECK.toMillis());
            }
            throw failed;
        }
    }

    /**
     * Ends the cleanup of an object whose deletion policy keeps what it holds, saying so in an Orphaned event.
     *
     * @param why the policy, as {@link DeletionPolicy#whyKept} puts it
     * @param kept what stays in metal-api, e.g. {@code firewall machine … stays in metal-api}
     */
    static DeleteControl orphaned(EventRecorder events, HasMetadata resource, String why, String kept) {
        events.normal(resource, "Orphaned", why + ": " + kept);
        LOG.info(
                "deletion keeps metal-api objects kind={} namespace={} name={}: {}",
                resource.getKind(),
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                kept);
        return DeleteControl.defaultDelete();
    }

    static void patch(KubernetesClient client, HasMetadata resource) {
        try {
            StatusWrite.replace(client, resource);
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "cannot report the deletion's progress kind={} namespace={} name={}: {}",
                    resource.getKind(),
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    e.getMessage());
        }
    }
}

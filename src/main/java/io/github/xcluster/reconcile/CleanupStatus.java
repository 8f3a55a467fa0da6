package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cleanup has no status update of its own: this patches one in, and a failed patch waits for the next attempt. */
final class CleanupStatus {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupStatus.class);

    private CleanupStatus() {}

    static void patch(KubernetesClient client, HasMetadata resource) {
        try {
            client.resource(resource).patchStatus();
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

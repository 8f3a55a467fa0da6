package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a status as a JSON merge patch of the whole status, without a resourceVersion. java-operator-sdk's own
 * status patch (without server-side apply) is a JSON patch computed against the cached object; when other writers
 * (Cluster API core labels and owns our objects) leave that cache behind, its list operations land on a newer list
 * and the API server refuses the duplicate conditions. We are the status's only writer, so the latest whole status
 * is the right one.
 */
final class StatusWrite {
    private StatusWrite() {}

    /** Performs a status patch JOSDK was asked for and hands back the same schedule without a patch. */
    static <R extends HasMetadata> UpdateControl<R> apply(KubernetesClient client, R resource, UpdateControl<R> asked) {
        if (!asked.isPatchStatus()) {
            return asked;
        }
        write(client, resource);
        UpdateControl<R> none = UpdateControl.noUpdate();
        return asked.getScheduleDelay().map(none::rescheduleAfter).orElse(none);
    }

    static void write(KubernetesClient client, HasMetadata resource) {
        String resourceVersion = resource.getMetadata().getResourceVersion();
        resource.getMetadata().setResourceVersion(null);
        try {
            client.resource(resource).patchStatus();
        } finally {
            resource.getMetadata().setResourceVersion(resourceVersion);
        }
    }
}

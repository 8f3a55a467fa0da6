package io.github.xcluster.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a status without a base that can be stale. java-operator-sdk's own status patch (without server-side apply)
 * is a JSON Patch diffed against the cached object; when the cache is behind the server, its list operations land
 * on a newer list and the API server refuses duplicate conditions ({@code Duplicate value: {"type":"NetworkReady"}}).
 * We are the status's only writer, so the latest status is the right one, sent in one of two ways:
 *
 * <ul>
 *   <li>{@link #replacing}: a JSON Patch {@code add /status} that replaces the whole status, for reconcilers that
 *       compute every field of it each time (XCluster, XFirewall, cleanups). "add" rather than "replace", which fails
 *       on an object that never had a status.
 *   <li>{@link #merging}: a JSON merge patch, which keeps fields the reconcile left unset. The Cluster API reconcilers
 *       need that: a MetalStackCluster's controlPlaneIP is set only until the spec has its endpoint, and a reconcile
 *       from a cache without it must not wipe it (MetalStackProviderTest's control-plane machine lost its address).
 * </ul>
 */
final class StatusWrite {
    private StatusWrite() {}

    /** Performs a status patch JOSDK was asked for as {@link #replace} and hands back the schedule without a patch. */
    static <R extends HasMetadata> UpdateControl<R> replacing(
            KubernetesClient client, R resource, UpdateControl<R> asked) {
        return after(asked, () -> replace(client, resource));
    }

    /** Performs a status patch JOSDK was asked for as {@link #merge} and hands back the schedule without a patch. */
    static <R extends HasMetadata> UpdateControl<R> merging(
            KubernetesClient client, R resource, UpdateControl<R> asked) {
        return after(asked, () -> merge(client, resource));
    }

    private static <R extends HasMetadata> UpdateControl<R> after(UpdateControl<R> asked, Runnable write) {
        if (!asked.isPatchStatus()) {
            return asked;
        }
        write.run();
        UpdateControl<R> none = UpdateControl.noUpdate();
        return asked.getScheduleDelay().map(none::rescheduleAfter).orElse(none);
    }

    static void replace(KubernetesClient client, HasMetadata resource) {
        ObjectNode operation = Serialization.jsonMapper().createObjectNode();
        operation.put("op", "add");
        operation.put("path", "/status");
        operation.set("value", Serialization.jsonMapper().valueToTree(resource).get("status"));
        String patch =
                Serialization.jsonMapper().createArrayNode().add(operation).toString();
        client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }

    /** Without the resourceVersion, so that no conflict can refuse it. */
    static void merge(KubernetesClient client, HasMetadata resource) {
        String resourceVersion = resource.getMetadata().getResourceVersion();
        resource.getMetadata().setResourceVersion(null);
        try {
            client.resource(resource).patchStatus();
        } finally {
            resource.getMetadata().setResourceVersion(resourceVersion);
        }
    }
}

package io.github.xcluster.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a whole status as one JSON Patch {@code add /status}, which replaces any status the object has. The other
 * ways all depend on a base that can be stale: java-operator-sdk's status patch (without server-side apply) is a
 * JSON Patch diffed against the cached object, and when the cache is behind the server its list operations land on
 * a newer list, so the API server refuses duplicate conditions ({@code Duplicate value: {"type":"NetworkReady"}});
 * fabric8's patchStatus() and a JSON merge patch made the API server append the sent conditions to those it had.
 * We are the status's only writer, so the latest whole status is the right one. "add" rather than "replace", which
 * fails on an object that never had a status.
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
        ObjectNode operation = Serialization.jsonMapper().createObjectNode();
        operation.put("op", "add");
        operation.put("path", "/status");
        operation.set("value", Serialization.jsonMapper().valueToTree(resource).get("status"));
        String patch =
                Serialization.jsonMapper().createArrayNode().add(operation).toString();
        client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }
}

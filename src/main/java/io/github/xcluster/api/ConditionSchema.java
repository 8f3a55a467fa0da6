package io.github.xcluster.api;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Gives a status's {@code conditions} the schema of Kubernetes' metav1.Condition, which fabric8's
 * Condition class does not carry: required fields, the status enum, formats, patterns, descriptions,
 * and a list keyed by {@code type}. Applied by the CRD generator through {@link SchemaCustomizer}.
 */
public final class ConditionSchema implements SchemaCustomizer.Customizer {
    private static final String TYPE_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    private static final String REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    @Override
    public JSONSchemaProps apply(JSONSchemaProps status, String input, KubernetesSerialization serialization) {
        JSONSchemaProps conditions = status.getProperties().get("conditions");
        conditions.setXKubernetesListType("map");
        conditions.setXKubernetesListMapKeys(List.of("type"));
        JSONSchemaProps condition = conditions.getItems().getSchema();
        condition.setDescription("Condition is one aspect of the resource's current state.");
        condition.setRequired(List.of("type", "status", "lastTransitionTime", "reason", "message"));

        JSONSchemaProps type = condition.getProperties().get("type");
        type.setDescription("Type of the condition, e.g. Ready; unique within the list.");
        type.setMaxLength(316L);
        type.setPattern(TYPE_PATTERN);

        JSONSchemaProps value = condition.getProperties().get("status");
        value.setDescription("Status of the condition: True, False or Unknown.");
        value.setEnum(List.of(TextNode.valueOf("True"), TextNode.valueOf("False"), TextNode.valueOf("Unknown")));

        JSONSchemaProps transition = condition.getProperties().get("lastTransitionTime");
        transition.setDescription("LastTransitionTime is when the condition last changed from one status to another.");
        transition.setFormat("date-time");

        JSONSchemaProps reason = condition.getProperties().get("reason");
        reason.setDescription("Reason is a CamelCase word for the cause of the condition's last transition.");
        reason.setMinLength(1L);
        reason.setMaxLength(1024L);
        reason.setPattern(REASON_PATTERN);

        JSONSchemaProps message = condition.getProperties().get("message");
        message.setDescription("Message is a human readable explanation of the transition; it may be empty.");
        message.setMaxLength(32768L);

        JSONSchemaProps observed = condition.getProperties().get("observedGeneration");
        observed.setDescription("ObservedGeneration is the metadata.generation the condition was set for.");
        observed.setFormat("int64");
        observed.setMinimum(0.0);
        return status;
    }
}

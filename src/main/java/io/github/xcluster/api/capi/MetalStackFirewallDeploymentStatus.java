package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.github.xcluster.api.ConditionSchema;
import io.github.xcluster.api.ResourceStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class MetalStackFirewallDeploymentStatus extends ResourceStatus {
    @JsonPropertyDescription("Initialization.provisioned is true once the first firewall phoned home.")
    private Initialization initialization;

    /** Written as null when there is none, so that the operator's merge patch of the status removes it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyDescription("ActiveFirewall is the machine id of the firewall that protects the node network.")
    private String activeFirewall;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyDescription(
            "PendingFirewall is the machine id of the firewall of the current template while it comes up beside the"
                    + " active one.")
    private String pendingFirewall;

    public Initialization getInitialization() {
        return initialization;
    }

    public void setInitialization(Initialization initialization) {
        this.initialization = initialization;
    }

    public String getActiveFirewall() {
        return activeFirewall;
    }

    public void setActiveFirewall(String activeFirewall) {
        this.activeFirewall = activeFirewall;
    }

    public String getPendingFirewall() {
        return pendingFirewall;
    }

    public void setPendingFirewall(String pendingFirewall) {
        this.pendingFirewall = pendingFirewall;
    }
}

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class XClusterStatus extends ResourceStatus {
    @JsonProperty("privateNetworkID")
    @JsonPropertyDescription("PrivateNetworkID is the id of the private network the cluster uses.")
    private String privateNetworkID;

    @JsonPropertyDescription(
            "ActiveFirewall is the XFirewall that protects the network now: the newest ready one, or the one that"
                    + " served last.")
    private String activeFirewall;

    @JsonPropertyDescription(
            "PendingFirewall is the XFirewall of the current template while it is coming up to replace the active"
                    + " one; empty when the active firewall is up to date.")
    private String pendingFirewall;

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

    public String getPrivateNetworkID() {
        return privateNetworkID;
    }

    public void setPrivateNetworkID(String privateNetworkID) {
        this.privateNetworkID = privateNetworkID;
    }
}

package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.github.xcluster.api.ConditionSchema;
import io.github.xcluster.api.ResourceStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class MetalStackClusterStatus extends ResourceStatus {
    @JsonPropertyDescription("Initialization is the Cluster API v1beta2 contract's provisioning flag.")
    private Initialization initialization;

    @JsonProperty("nodeNetworkID")
    @JsonPropertyDescription("NodeNetworkID is the network the cluster's machines are allocated in.")
    private String nodeNetworkID;

    @JsonProperty("controlPlaneIP")
    @JsonPropertyDescription("ControlPlaneIP is the address the control-plane endpoint is served on.")
    private String controlPlaneIP;

    public Initialization getInitialization() {
        return initialization;
    }

    public void setInitialization(Initialization initialization) {
        this.initialization = initialization;
    }

    public String getNodeNetworkID() {
        return nodeNetworkID;
    }

    public void setNodeNetworkID(String nodeNetworkID) {
        this.nodeNetworkID = nodeNetworkID;
    }

    public String getControlPlaneIP() {
        return controlPlaneIP;
    }

    public void setControlPlaneIP(String controlPlaneIP) {
        this.controlPlaneIP = controlPlaneIP;
    }
}

package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.xcluster.api.MetalId;
import io.github.xcluster.api.MetalUuid;
import jakarta.validation.constraints.NotNull;

/** Field names and shapes as in metal-stack's cluster-api-provider-metal-stack, so its manifests apply unchanged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(oldSelf.nodeNetworkID) || has(self.nodeNetworkID) && self.nodeNetworkID == oldSelf.nodeNetworkID",
        fieldPath = ".nodeNetworkID",
        message = "is immutable once set; " + MetalStackClusterSpec.WHY_NODE_NETWORK_IMMUTABLE)
@ValidationRule(
        value =
                "!has(oldSelf.controlPlaneIP) || has(self.controlPlaneIP) && self.controlPlaneIP == oldSelf.controlPlaneIP",
        fieldPath = ".controlPlaneIP",
        message = "is immutable once set; " + MetalStackClusterSpec.WHY_CONTROL_PLANE_IP_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.controlPlaneEndpoint) || !has(oldSelf.controlPlaneEndpoint.host)"
                + " || has(self.controlPlaneEndpoint) && self.controlPlaneEndpoint == oldSelf.controlPlaneEndpoint",
        fieldPath = ".controlPlaneEndpoint",
        message = "is immutable once set; " + MetalStackClusterSpec.WHY_ENDPOINT_IMMUTABLE)
public class MetalStackClusterSpec {
    public static final String WHY_PROJECT_IMMUTABLE =
            "the cluster's network, address and machines belong to that project";
    public static final String WHY_PARTITION_IMMUTABLE = "the cluster's network and machines live in that partition";
    public static final String WHY_NODE_NETWORK_IMMUTABLE = "the cluster's machines are in that network";
    public static final String WHY_CONTROL_PLANE_IP_IMMUTABLE = "the control plane is reached at that address";
    public static final String WHY_ENDPOINT_IMMUTABLE = "the workload cluster's certificates and kubeconfig name it";

    @JsonPropertyDescription(
            "ControlPlaneEndpoint is where the workload cluster's API server is reached. Left empty, the operator sets"
                    + " it to controlPlaneIP (or an address it allocates) and port 443.")
    private ApiEndpoint controlPlaneEndpoint;

    @Required
    @NotNull(message = "is required")
    @MetalUuid
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_PROJECT_IMMUTABLE)
    @JsonProperty("projectID")
    @JsonPropertyDescription(
            "ProjectID is the UUID of the metal-stack project that owns the cluster's network, address and machines.")
    private String projectID;

    @Required
    @NotNull(message = "is required")
    @MetalId
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_PARTITION_IMMUTABLE)
    @JsonPropertyDescription("Partition is the metal-stack partition (data center) the cluster's machines are in.")
    private String partition;

    @MetalId
    @JsonProperty("nodeNetworkID")
    @JsonPropertyDescription(
            "NodeNetworkID optionally names an existing private network of the project in the partition for the"
                    + " cluster's machines. Left empty, the operator allocates one and frees it with the cluster; a"
                    + " network given here is never freed.")
    private String nodeNetworkID;

    @JsonProperty("controlPlaneIP")
    @JsonPropertyDescription(
            "ControlPlaneIP optionally names an address of the project that the control plane is exposed on. Left"
                    + " empty (with no controlPlaneEndpoint host), the operator allocates one in the partition's"
                    + " default external network and frees it with the cluster; an address given here is never freed.")
    private String controlPlaneIP;

    @JsonPropertyDescription(
            "FirewallDeploymentRef optionally names a MetalStackFirewallDeployment of the namespace that gives the"
                    + " cluster its firewall; the cluster is ready only once that firewall phoned home, and it is"
                    + " freed with the cluster, before the node network.")
    private NameReference firewallDeploymentRef;

    public ApiEndpoint getControlPlaneEndpoint() {
        return controlPlaneEndpoint;
    }

    public void setControlPlaneEndpoint(ApiEndpoint controlPlaneEndpoint) {
        this.controlPlaneEndpoint = controlPlaneEndpoint;
    }

    public String getProjectID() {
        return projectID;
    }

    public void setProjectID(String projectID) {
        this.projectID = projectID;
    }

    public String getPartition() {
        return partition;
    }

    public void setPartition(String partition) {
        this.partition = partition;
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

    public NameReference getFirewallDeploymentRef() {
        return firewallDeploymentRef;
    }

    public void setFirewallDeploymentRef(NameReference firewallDeploymentRef) {
        this.firewallDeploymentRef = firewallDeploymentRef;
    }
}

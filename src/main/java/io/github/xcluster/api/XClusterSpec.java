package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.validation.groups.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(oldSelf.privateNetworkID) || has(self.privateNetworkID)"
                + " && self.privateNetworkID == oldSelf.privateNetworkID",
        fieldPath = ".privateNetworkID",
        message = "is immutable once set; " + XClusterSpec.WHY_PRIVATE_NETWORK_IMMUTABLE)
public class XClusterSpec {
    public static final String WHY_PARTITION_IMMUTABLE =
            "the cluster's network and firewall live in that partition; create a new XCluster for another partition";
    public static final String WHY_PROJECT_IMMUTABLE =
            "the cluster's network and firewall belong to that project; create a new XCluster for another project";
    public static final String WHY_PRIVATE_NETWORK_IMMUTABLE =
            "the cluster's firewall is attached to that network; create a new XCluster to use another network";

    @Required
    @Size(min = 1, max = 128)
    @NotNull(message = "is required")
    @MetalId
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_PARTITION_IMMUTABLE)
    @JsonPropertyDescription(
            "Partition is the metal-stack partition (physical location) where the cluster's network and"
                    + " machines are allocated, e.g. vagrant.")
    private String partition;

    @Required
    @NotNull(message = "is required")
    @MetalUuid
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_PROJECT_IMMUTABLE)
    @JsonProperty("projectID")
    @JsonPropertyDescription(
            "ProjectID is the UUID of the metal-stack project that owns the cluster's network and machines.")
    private String projectID;

    @Size(max = 128)
    @MetalId
    @JsonProperty("privateNetworkID")
    @JsonPropertyDescription(
            "PrivateNetworkID optionally names an existing private network of the project in the partition"
                    + " to use instead of allocating one. A network given here is never freed by the operator.")
    private String privateNetworkID;

    @NotNull(message = "is required")
    @Valid
    @ConvertGroup(from = Default.class, to = XFirewallSpec.InTemplate.class)
    @JsonProperty("xFirewallTemplate")
    @JsonPropertyDescription("XFirewallTemplate describes the firewall created for this cluster.")
    private XFirewallTemplate xFirewallTemplate;

    @JsonPropertyDescription(
            "FirewallUpdate says how a change of the firewall template is rolled out: a new firewall replaces the"
                    + " running one, by default only once it is ready.")
    private FirewallUpdate firewallUpdate;

    public String getPartition() {
        return partition;
    }

    public void setPartition(String partition) {
        this.partition = partition;
    }

    public String getProjectID() {
        return projectID;
    }

    public void setProjectID(String projectID) {
        this.projectID = projectID;
    }

    public String getPrivateNetworkID() {
        return privateNetworkID;
    }

    public void setPrivateNetworkID(String privateNetworkID) {
        this.privateNetworkID = privateNetworkID;
    }

    // Jackson would name these accessors "xfirewallTemplate" and serialize the field twice.
    @JsonProperty("xFirewallTemplate")
    public XFirewallTemplate getXFirewallTemplate() {
        return xFirewallTemplate;
    }

    @JsonProperty("xFirewallTemplate")
    public void setXFirewallTemplate(XFirewallTemplate xFirewallTemplate) {
        this.xFirewallTemplate = xFirewallTemplate;
    }

    public FirewallUpdate getFirewallUpdate() {
        return firewallUpdate;
    }

    public void setFirewallUpdate(FirewallUpdate firewallUpdate) {
        this.firewallUpdate = firewallUpdate;
    }

    /** The firewall update settings, defaulted where the spec leaves them out. */
    public FirewallUpdate firewallUpdateOrDefault() {
        return firewallUpdate == null ? new FirewallUpdate() : firewallUpdate;
    }
}

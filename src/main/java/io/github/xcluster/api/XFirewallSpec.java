package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.groups.Default;
import java.util.List;

/**
 * The firewall's wanted shape. As a template inside an XCluster partition, project and private network are left
 * out; the XCluster fills them into the XFirewall it creates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class XFirewallSpec {
    /** Validation group of an XFirewall object: partition, project and private network are required. */
    public interface Standalone extends Default {}

    /** Validation group of an XCluster's firewall template: the XCluster supplies the placement. */
    public interface InTemplate extends Default {}

    private static final String SET_BY_CLUSTER = "must not be set in a template; the XCluster's spec supplies it";

    @Size(max = 128)
    @JsonProperty("defaultNetworkID")
    @JsonPropertyDescription(
            "DefaultNetworkID is the external network the firewall routes to, e.g. internet-vagrant-lab.")
    @NotNull(message = "is required")
    @MetalId
    private String defaultNetworkID;

    @Size(max = 128)
    @JsonPropertyDescription(
            "Image is the firewall image id, e.g. firewall-ubuntu-2.0; a shorthand resolves to the newest"
                    + " matching version.")
    @NotNull(message = "is required")
    @MetalId
    private String image;

    @Size(max = 128)
    @JsonPropertyDescription("Size is the metal-stack machine size of the firewall, e.g. v1-small-x86.")
    @NotNull(message = "is required")
    @MetalId
    private String size;

    @Size(max = 128)
    @JsonProperty("machineID")
    @JsonPropertyDescription("MachineID optionally places the firewall on this specific free machine of the partition.")
    @MetalUuid
    private String machineID;

    @Size(max = 128)
    @JsonProperty("partitionID")
    @JsonPropertyDescription("PartitionID is the partition the firewall is allocated in.")
    @NotNull(message = "is required", groups = Standalone.class)
    @Null(message = SET_BY_CLUSTER, groups = InTemplate.class)
    @MetalId
    private String partitionID;

    @JsonProperty("projectID")
    @JsonPropertyDescription("ProjectID is the UUID of the project the firewall is allocated for.")
    @NotNull(message = "is required", groups = Standalone.class)
    @Null(message = SET_BY_CLUSTER, groups = InTemplate.class)
    @MetalUuid
    private String projectID;

    @Size(max = 128)
    @JsonProperty("privateNetworkID")
    @JsonPropertyDescription("PrivateNetworkID is the private network the firewall protects.")
    @NotNull(message = "is required", groups = Standalone.class)
    @Null(message = SET_BY_CLUSTER, groups = InTemplate.class)
    @MetalId
    private String privateNetworkID;

    @Size(max = 32)
    @JsonProperty("sshPublicKeys")
    @JsonPropertyDescription(
            "SSHPublicKeys are authorized on the firewall machine when it is installed, in OpenSSH format.")
    private List<String> sshPublicKeys;

    @Valid
    @JsonProperty("initialRuleSet")
    @JsonPropertyDescription(
            "InitialRuleSet are the egress and ingress rules metal-api installs on the firewall when it is allocated.")
    private FirewallRuleSet initialRuleSet;

    public String getDefaultNetworkID() {
        return defaultNetworkID;
    }

    public void setDefaultNetworkID(String defaultNetworkID) {
        this.defaultNetworkID = defaultNetworkID;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getMachineID() {
        return machineID;
    }

    public void setMachineID(String machineID) {
        this.machineID = machineID;
    }

    public String getPartitionID() {
        return partitionID;
    }

    public void setPartitionID(String partitionID) {
        this.partitionID = partitionID;
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

    public List<String> getSshPublicKeys() {
        return sshPublicKeys;
    }

    public void setSshPublicKeys(List<String> sshPublicKeys) {
        this.sshPublicKeys = sshPublicKeys;
    }

    public FirewallRuleSet getInitialRuleSet() {
        return initialRuleSet;
    }

    public void setInitialRuleSet(FirewallRuleSet initialRuleSet) {
        this.initialRuleSet = initialRuleSet;
    }
}

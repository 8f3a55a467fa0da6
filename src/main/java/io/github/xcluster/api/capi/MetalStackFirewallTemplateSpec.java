package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.MetalId;
import io.github.xcluster.api.MetalUuid;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Field names as in metal-stack's provider (the firewall-controller-manager's FirewallSpec), so its templates apply
 * unchanged; the fields we do not act on are left out, and the schema refuses them rather than ignore them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetalStackFirewallTemplateSpec {
    @Required
    @NotNull(message = "is required")
    @MetalId
    @JsonPropertyDescription(
            "Image is the firewall image id, e.g. firewall-ubuntu-3.0; a shorthand resolves to the newest matching"
                    + " version.")
    private String image;

    @Required
    @NotNull(message = "is required")
    @MetalId
    @JsonPropertyDescription("Size is the metal-stack machine size of the firewall, e.g. c1-xlarge-x86.")
    private String size;

    @Required
    @NotEmpty(message = "must name at least one external network")
    @Size(min = 1, max = 8)
    @JsonPropertyDescription(
            "Networks are the external networks the firewall routes the cluster to, e.g. [internet]; the node"
                    + " network of the cluster is added to them.")
    private List<String> networks;

    @MetalId
    @JsonPropertyDescription("Partition, if set, must be the cluster's partition; the firewall is allocated there.")
    private String partition;

    @MetalUuid
    @JsonPropertyDescription("Project, if set, must be the cluster's project; the firewall is allocated in it.")
    private String project;

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

    public List<String> getNetworks() {
        return networks;
    }

    public void setNetworks(List<String> networks) {
        this.networks = networks;
    }

    public String getPartition() {
        return partition;
    }

    public void setPartition(String partition) {
        this.partition = partition;
    }

    public String getProject() {
        return project;
    }

    public void setProject(String project) {
        this.project = project;
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

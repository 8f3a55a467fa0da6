package io.github.xcluster.api.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** A limit left out is no limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProjectQuota {
    @Min(0)
    @JsonPropertyDescription(
            "Networks is how many private networks the bound namespaces may hold: one per XCluster and per"
                    + " MetalStackCluster.")
    private Integer networks;

    @Min(0)
    @JsonPropertyDescription(
            "Machines is how many machines the bound namespaces may hold: an XCluster's firewall, an XFirewall"
                    + " of its own, a MetalStackCluster's firewall (with spec.firewallDeploymentRef) and each"
                    + " MetalStackMachine.")
    private Integer machines;

    public Integer getNetworks() {
        return networks;
    }

    public void setNetworks(Integer networks) {
        this.networks = networks;
    }

    public Integer getMachines() {
        return machines;
    }

    public void setMachines(Integer machines) {
        this.machines = machines;
    }
}

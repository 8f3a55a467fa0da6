package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A MetalStackFirewallDeployment in the cluster's namespace. */
public class FirewallDeploymentRef {
    @Required
    @JsonPropertyDescription("Name of the MetalStackFirewallDeployment in the same namespace.")
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}

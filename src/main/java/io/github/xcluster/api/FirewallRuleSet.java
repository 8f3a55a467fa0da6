package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The rules metal-api installs on a firewall when it is allocated ({@code firewall_rules}); named as in metal-stack's
 * firewall template ({@code initialRuleSet}). A firewall cannot change them afterwards, so a change means a new one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirewallRuleSet {
    static final int MAX_RULES = 64;
    static final int MAX_PORTS = 64;
    static final int MAX_CIDRS = 64;
    static final int MAX_COMMENT = 100;
    static final String COMMENT_PATTERN = "^[A-Za-z_ -]*$";
    static final String PORTS_IN_RANGE = "self.all(p, p >= 1 && p <= 65535)";
    static final String PORTS_MESSAGE = "each port must be between 1 and 65535";

    @Size(max = MAX_RULES)
    @JsonPropertyDescription("Egress rules: what may leave the cluster's network.")
    private List<EgressRule> egress;

    @Size(max = MAX_RULES)
    @JsonPropertyDescription("Ingress rules: what may reach the cluster's network from outside.")
    private List<IngressRule> ingress;

    public List<EgressRule> getEgress() {
        return egress;
    }

    public void setEgress(List<EgressRule> egress) {
        this.egress = egress;
    }

    public List<IngressRule> getIngress() {
        return ingress;
    }

    public void setIngress(List<IngressRule> ingress) {
        this.ingress = ingress;
    }
}

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Traffic the firewall lets out of the cluster's network, as metal-api's firewall allocation takes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressRule extends FirewallRule {
    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription("To are the destination CIDRs, all of one address family, e.g. 0.0.0.0/0.")
    private List<String> to;

    public List<String> getTo() {
        return to;
    }

    public void setTo(List<String> to) {
        this.to = to;
    }
}

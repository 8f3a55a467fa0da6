package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Traffic the firewall lets into the cluster's network, as metal-api's firewall allocation takes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressRule extends FirewallRule {
    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription(
            "From are the source CIDRs, all of one address family and the same as To's, e.g. 203.0.113.0/24.")
    private List<String> from;

    @Size(max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription("To optionally narrows the destination to these CIDRs of the cluster's addresses.")
    private List<String> to;

    public List<String> getFrom() {
        return from;
    }

    public void setFrom(List<String> from) {
        this.from = from;
    }

    public List<String> getTo() {
        return to;
    }

    public void setTo(List<String> to) {
        this.to = to;
    }
}

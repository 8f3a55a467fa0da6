package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Traffic the firewall lets into the cluster's network, as metal-api's firewall allocation takes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressRule {
    @JsonPropertyDescription("Protocol is TCP (the default) or UDP.")
    private RuleProtocol protocol;

    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_PORTS)
    @ValidationRule(value = FirewallRuleSet.PORTS_IN_RANGE, message = FirewallRuleSet.PORTS_MESSAGE)
    @JsonPropertyDescription("Ports are the destination ports allowed, each 1 to 65535.")
    private List<Integer> ports;

    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription(
            "From are the source CIDRs, all of one address family and the same as To's, e.g. 203.0.113.0/24.")
    private List<String> from;

    @Size(max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription("To optionally narrows the destination to these CIDRs of the cluster's addresses.")
    private List<String> to;

    @Size(max = FirewallRuleSet.MAX_COMMENT)
    @Pattern(FirewallRuleSet.COMMENT_PATTERN)
    @JsonPropertyDescription(
            "Comment says what the rule is for: letters, spaces, '-' and '_' only, as metal-api allows.")
    private String comment;

    public RuleProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(RuleProtocol protocol) {
        this.protocol = protocol;
    }

    public List<Integer> getPorts() {
        return ports;
    }

    public void setPorts(List<Integer> ports) {
        this.ports = ports;
    }

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

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }
}

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Traffic the firewall lets out of the cluster's network, as metal-api's firewall allocation takes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressRule {
    @JsonPropertyDescription("Protocol is TCP (the default) or UDP.")
    private RuleProtocol protocol;

    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_PORTS)
    @ValidationRule(value = FirewallRuleSet.PORTS_IN_RANGE, message = FirewallRuleSet.PORTS_MESSAGE)
    @JsonPropertyDescription("Ports are the destination ports allowed, each 1 to 65535.")
    private List<Integer> ports;

    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_CIDRS)
    @JsonPropertyDescription("To are the destination CIDRs, all of one address family, e.g. 0.0.0.0/0.")
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

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What egress and ingress rules share: protocol, ports and comment, as metal-api's firewall allocation takes them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class FirewallRule {
    @JsonPropertyDescription("Protocol is TCP (the default) or UDP.")
    private RuleProtocol protocol;

    @Required
    @Size(min = 1, max = FirewallRuleSet.MAX_PORTS)
    @ValidationRule(value = FirewallRuleSet.PORTS_IN_RANGE, message = FirewallRuleSet.PORTS_MESSAGE)
    @JsonPropertyDescription("Ports are the destination ports allowed, each 1 to 65535.")
    private List<Integer> ports;

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

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }
}

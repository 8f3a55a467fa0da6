package io.github.xcluster.reconcile;

import io.github.xcluster.api.EgressRule;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.IngressRule;
import io.github.xcluster.api.RuleProtocol;
import io.github.xcluster.metal.FirewallRules;
import java.util.List;
import java.util.Locale;

/** A spec's {@code initialRuleSet} as metal-api's firewall allocation takes it. */
final class FirewallRuleMapping {
    private FirewallRuleMapping() {}

    static FirewallRules of(FirewallRuleSet ruleSet) {
        if (ruleSet == null) {
            return FirewallRules.NONE;
        }
        return new FirewallRules(
                listOf(ruleSet.getEgress()).stream()
                        .map(FirewallRuleMapping::egress)
                        .toList(),
                listOf(ruleSet.getIngress()).stream()
                        .map(FirewallRuleMapping::ingress)
                        .toList());
    }

    private static FirewallRules.Rule egress(EgressRule rule) {
        return new FirewallRules.Rule(
                protocol(rule.getProtocol()), rule.getPorts(), List.of(), rule.getTo(), rule.getComment());
    }

    private static FirewallRules.Rule ingress(IngressRule rule) {
        return new FirewallRules.Rule(
                protocol(rule.getProtocol()), rule.getPorts(), rule.getFrom(), rule.getTo(), rule.getComment());
    }

    private static String protocol(RuleProtocol protocol) {
        return (protocol == null ? RuleProtocol.TCP : protocol).name().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> listOf(List<T> values) {
        return values == null ? List.of() : values;
    }
}

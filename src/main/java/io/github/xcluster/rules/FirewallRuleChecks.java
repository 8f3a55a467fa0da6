package io.github.xcluster.rules;

import io.github.xcluster.api.EgressRule;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.IngressRule;
import io.github.xcluster.rules.CidrNotation.Family;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What metal-api refuses in a firewall's rule set and the CRD schema cannot see: each CIDR must be a literal prefix,
 * and the CIDRs of one rule (an ingress rule's sources and destinations together) of one address family.
 */
public final class FirewallRuleChecks {
    static final String CIDR_EXAMPLE =
            "write an address and a prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32 (no host names)";
    static final String ONE_FAMILY = "metal-api takes one address family per rule, split it into two rules";

    private FirewallRuleChecks() {}

    /** @param ruleSetPath where the rule set sits, e.g. {@code spec.initialRuleSet}; a null rule set is fine */
    public static void denyBadCidrs(Findings findings, String ruleSetPath, FirewallRuleSet ruleSet) {
        if (ruleSet == null) {
            return;
        }
        List<EgressRule> egress = orEmpty(ruleSet.getEgress());
        for (int i = 0; i < egress.size(); i++) {
            Map<String, String> cidrs = new LinkedHashMap<>();
            putIndexed(cidrs, "to", egress.get(i).getTo());
            checkRule(findings, ruleSetPath + ".egress[" + i + "]", cidrs);
        }
        List<IngressRule> ingress = orEmpty(ruleSet.getIngress());
        for (int i = 0; i < ingress.size(); i++) {
            Map<String, String> cidrs = new LinkedHashMap<>();
            putIndexed(cidrs, "from", ingress.get(i).getFrom());
            putIndexed(cidrs, "to", ingress.get(i).getTo());
            checkRule(findings, ruleSetPath + ".ingress[" + i + "]", cidrs);
        }
    }

    /** @param cidrs each CIDR of the rule under its field within the rule, e.g. {@code from[0]} */
    private static void checkRule(Findings findings, String rulePath, Map<String, String> cidrs) {
        Map<Family, String> firstFieldOfFamily = new LinkedHashMap<>();
        cidrs.forEach((field, cidr) -> {
            Optional<Family> family = CidrNotation.familyOf(cidr);
            if (family.isEmpty()) {
                findings.deny(rulePath + "." + field, Quoted.of(cidr) + " is not a CIDR; " + CIDR_EXAMPLE);
            } else {
                firstFieldOfFamily.putIfAbsent(family.get(), field);
            }
        });
        if (firstFieldOfFamily.size() > 1) {
            String v4 = firstFieldOfFamily.get(Family.IPV4);
            String v6 = firstFieldOfFamily.get(Family.IPV6);
            findings.deny(
                    rulePath,
                    "mixes IPv4 and IPv6 CIDRs (" + v4 + " " + Quoted.of(cidrs.get(v4)) + " is IPv4, " + v6 + " "
                            + Quoted.of(cidrs.get(v6)) + " is IPv6); " + ONE_FAMILY);
        }
    }

    private static void putIndexed(Map<String, String> cidrs, String field, List<String> values) {
        List<String> listed = orEmpty(values);
        for (int i = 0; i < listed.size(); i++) {
            cidrs.put(field + "[" + i + "]", listed.get(i));
        }
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

package io.github.xcluster.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.EgressRule;
import io.github.xcluster.api.FirewallRuleSet;
import io.github.xcluster.api.IngressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallRuleChecksTest {
    private static final String PATH = "spec.initialRuleSet";

    @Test
    void literalPrefixesOfOneFamilyPerRuleAreAdmitted() {
        FirewallRuleSet rules = ruleSet(
                List.of(egress("0.0.0.0/0"), egress("2001:db8::/32", "::/0")),
                List.of(ingress(List.of("203.0.113.0/24"), List.of("10.0.0.1/32")), ingress(List.of("::/0"), null)));

        assertThat(denials(rules)).isEmpty();
    }

    @Test
    void noRuleSetAndEmptyListsAreAdmitted() {
        assertThat(denials(null)).isEmpty();
        assertThat(denials(ruleSet(null, null))).isEmpty();
    }

    @Test
    void aCidrThatIsNoPrefixIsDeniedUnderItsIndexedField() {
        FirewallRuleSet rules = ruleSet(
                List.of(egress("10.0.0.0/8", "10.0.0/8")),
                List.of(ingress(List.of("example.com/24"), List.of("fe80::1%eth0/64"))));

        assertThat(denials(rules))
                .containsExactly(
                        "spec.initialRuleSet.egress[0].to[1]: \"10.0.0/8\" is not a CIDR; "
                                + FirewallRuleChecks.CIDR_EXAMPLE,
                        "spec.initialRuleSet.ingress[0].from[0]: \"example.com/24\" is not a CIDR; "
                                + FirewallRuleChecks.CIDR_EXAMPLE,
                        "spec.initialRuleSet.ingress[0].to[0]: \"fe80::1%eth0/64\" is not a CIDR; "
                                + FirewallRuleChecks.CIDR_EXAMPLE);
        assertThat(FirewallRuleChecks.CIDR_EXAMPLE).contains("10.0.0.0/8", "2001:db8::/32");
    }

    @Test
    void aRuleMixingAddressFamiliesIsDeniedNamingOneCidrOfEach() {
        FirewallRuleSet rules = ruleSet(
                List.of(egress("10.0.0.0/8", "2001:db8::/32")),
                List.of(
                        ingress(List.of("::/0"), null),
                        ingress(List.of("203.0.113.0/24"), List.of("2001:db8:1::/48"))));

        assertThat(denials(rules))
                .containsExactly(
                        "spec.initialRuleSet.egress[0]: mixes IPv4 and IPv6 CIDRs (to[0] \"10.0.0.0/8\" is IPv4, to[1]"
                                + " \"2001:db8::/32\" is IPv6); " + FirewallRuleChecks.ONE_FAMILY,
                        "spec.initialRuleSet.ingress[1]: mixes IPv4 and IPv6 CIDRs (from[0] \"203.0.113.0/24\" is IPv4,"
                                + " to[0] \"2001:db8:1::/48\" is IPv6); " + FirewallRuleChecks.ONE_FAMILY);
    }

    @Test
    void theRuleSetPathIsTheCallers() {
        Findings findings = new Findings();
        FirewallRuleChecks.denyBadCidrs(
                findings, "spec.xFirewallTemplate.spec.initialRuleSet", ruleSet(List.of(egress("10.0.0.0")), null));

        assertThat(findings.verdict().denials())
                .extracting(Denial::field)
                .containsExactly("spec.xFirewallTemplate.spec.initialRuleSet.egress[0].to[0]");
    }

    private static List<String> denials(FirewallRuleSet rules) {
        Findings findings = new Findings();
        FirewallRuleChecks.denyBadCidrs(findings, PATH, rules);
        return findings.verdict().denials().stream().map(Denial::toString).toList();
    }

    static FirewallRuleSet ruleSet(List<EgressRule> egress, List<IngressRule> ingress) {
        FirewallRuleSet rules = new FirewallRuleSet();
        rules.setEgress(egress);
        rules.setIngress(ingress);
        return rules;
    }

    static EgressRule egress(String... to) {
        EgressRule rule = new EgressRule();
        rule.setPorts(List.of(443));
        rule.setTo(List.of(to));
        return rule;
    }

    static IngressRule ingress(List<String> from, List<String> to) {
        IngressRule rule = new IngressRule();
        rule.setPorts(List.of(443));
        rule.setFrom(from);
        rule.setTo(to);
        return rule;
    }
}

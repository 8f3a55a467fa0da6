package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.EgressRule;
import io.github.xcluster.sim.SimModel.FirewallRules;
import io.github.xcluster.sim.SimModel.IngressRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks metal-api makes of a firewall's {@code firewall_rules} when it allocates it (its {@code
 * metal.EgressRule.Validate} and {@code metal.IngressRule.Validate}), each refusal a 400 in metal-api's words.
 */
final class FirewallRuleValidation {
    private static final String ALLOWED_IN_COMMENT = "abcdefghijklmnopqrstuvwxyz_- ";
    private static final int MAX_COMMENT_BYTES = 100;
    private static final int MAX_PORT = 65535;

    private FirewallRuleValidation() {}

    /** The rules as metal-api stores them, protocols lower-cased; null when there are none. */
    static FirewallRules accepted(FirewallRules requested) {
        if (requested == null) {
            return null;
        }
        List<EgressRule> egress = new ArrayList<>();
        for (EgressRule rule : orEmpty(requested.egress())) {
            String protocol = protocol(rule.protocol());
            List<Long> ports = ports(rule.ports());
            check("egress", rule.comment(), ports, List.of(orEmpty(rule.to())));
            egress.add(new EgressRule(protocol, ports, rule.to(), rule.comment()));
        }
        List<IngressRule> ingress = new ArrayList<>();
        for (IngressRule rule : orEmpty(requested.ingress())) {
            String protocol = protocol(rule.protocol());
            List<String> fromAndTo = new ArrayList<>(orEmpty(rule.from()));
            fromAndTo.addAll(orEmpty(rule.to()));
            List<Long> ports = ports(rule.ports());
            check("ingress", rule.comment(), ports, List.of(orEmpty(rule.to()), orEmpty(rule.from()), fromAndTo));
            ingress.add(new IngressRule(protocol, ports, rule.to(), rule.from(), rule.comment()));
        }
        if (egress.isEmpty() && ingress.isEmpty()) {
            return null;
        }
        return new FirewallRules(egress, ingress);
    }

    /** A JSON null among the ports reads as Go's zero; a missing list stays missing. */
    private static List<Long> ports(List<Long> requested) {
        return requested == null
                ? null
                : requested.stream().map(port -> port == null ? 0L : port).toList();
    }

    /** Empty means TCP; otherwise tcp or udp in any case. */
    private static String protocol(String requested) {
        String protocol = requested == null || requested.isEmpty() ? "tcp" : requested.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw SimError.badRequest("no such protocol: " + requested);
        }
        return protocol;
    }

    /** @param cidrGroups each list of CIDRs that must parse and be of one address family */
    private static void check(String direction, String comment, List<Long> ports, List<List<String>> cidrGroups) {
        String problem = commentProblem(comment == null ? "" : comment);
        if (problem == null && ports != null && ports.stream().anyMatch(port -> port < 0 || port > MAX_PORT)) {
            problem = "port is out of range";
        }
        for (int i = 0; problem == null && i < cidrGroups.size(); i++) {
            problem = cidrProblem(cidrGroups.get(i));
        }
        if (problem != null) {
            throw SimError.badRequest(direction + " rule with error:" + problem);
        }
    }

    /** Each character, lower-cased as Go's {@code strings.ToLower} does, must be allowed; the length is in bytes. */
    private static String commentProblem(String comment) {
        boolean allowed = comment.codePoints()
                .mapToObj(c -> new String(Character.toChars(c)).toLowerCase(Locale.ROOT))
                .allMatch(ALLOWED_IN_COMMENT::contains);
        if (!allowed) {
            return "illegal character in comment found, only: \"" + ALLOWED_IN_COMMENT + "\" allowed";
        }
        if (comment.getBytes(StandardCharsets.UTF_8).length > MAX_COMMENT_BYTES) {
            return "comments can not exceed " + MAX_COMMENT_BYTES + " characters";
        }
        return null;
    }

    private static String cidrProblem(List<String> cidrs) {
        String family = null;
        for (String cidr : cidrs) {
            String next;
            try {
                next = NetipPrefix.family(cidr == null ? "" : cidr);
            } catch (IllegalArgumentException e) {
                return "invalid cidr: " + e.getMessage();
            }
            if (family != null && !family.equals(next)) {
                return "mixed address family in one rule is not supported:[" + String.join(" ", cidrs) + "]";
            }
            family = next;
        }
        return null;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

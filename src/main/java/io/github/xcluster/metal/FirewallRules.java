package io.github.xcluster.metal;

import java.util.List;

/**
 * The {@code firewall_rules} of a firewall allocation. An egress rule names destinations ({@code to}); an ingress
 * rule names sources ({@code from}) and optionally destinations. {@code protocol} is {@code tcp} or {@code udp}.
 */
public record FirewallRules(List<Rule> egress, List<Rule> ingress) {
    public static final FirewallRules NONE = new FirewallRules(List.of(), List.of());

    public FirewallRules {
        egress = egress == null ? List.of() : List.copyOf(egress);
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
    }

    public record Rule(String protocol, List<Integer> ports, List<String> from, List<String> to, String comment) {
        public Rule {
            ports = ports == null ? List.of() : List.copyOf(ports);
            from = from == null ? List.of() : List.copyOf(from);
            to = to == null ? List.of() : List.copyOf(to);
        }
    }
}

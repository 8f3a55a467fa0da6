package io.github.xcluster.webhook;

import java.time.Clock;

/** The validators and defaulters of both kinds, sharing one set of metal-api lookups. */
final class AdmissionRules {
    final XClusterValidator clusterValidator;
    final XFirewallValidator firewallValidator;
    final XClusterDefaulter clusterDefaulter;
    final XFirewallDefaulter firewallDefaulter;

    AdmissionRules(FirewallDefaults defaults, CachingMetalLookups lookups, SpecConstraints constraints, Clock clock) {
        FirewallImages images = new FirewallImages(lookups, clock);
        ExternalNetworks networks = new ExternalNetworks(lookups);
        PlacementChecks placement = new PlacementChecks(lookups);
        FirewallChecks firewall = new FirewallChecks(lookups, images, networks, clock);
        FirewallSpecDefaulter defaulter = new FirewallSpecDefaulter(defaults, images, networks);
        this.clusterValidator = new XClusterValidator(constraints, placement, firewall);
        this.firewallValidator = new XFirewallValidator(constraints, placement, firewall);
        this.clusterDefaulter = new XClusterDefaulter(defaulter);
        this.firewallDefaulter = new XFirewallDefaulter(defaulter);
    }
}

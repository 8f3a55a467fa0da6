package io.github.xcluster.rules;

import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import java.time.Clock;

/**
 * The one rule set of both kinds, shared by the webhooks and the reconcilers, so that a spec refused at admission
 * and the same spec met by a controller (webhooks off, or an object admitted before a rule existed) are refused
 * with the same field and the same words.
 */
public final class SpecRules implements AutoCloseable {
    private final SpecConstraints constraints = new SpecConstraints();
    private final CachingMetalLookups lookups;
    private final PlacementChecks placement;
    private final FirewallChecks firewall;
    private final FirewallSpecDefaulter defaulter;

    public SpecRules(CachingMetalLookups lookups, FirewallDefaults defaults, Clock clock) {
        this.lookups = lookups;
        FirewallImages images = new FirewallImages(lookups, clock);
        ExternalNetworks networks = new ExternalNetworks(lookups);
        this.placement = new PlacementChecks(lookups);
        this.firewall = new FirewallChecks(lookups, images, networks, clock);
        this.defaulter = new FirewallSpecDefaulter(defaults, images, networks);
    }

    /** The metal-api answers the rules were checked against, for acting on what they accepted. */
    public CachingMetalLookups lookups() {
        return lookups;
    }

    public PlacementChecks placement() {
        return placement;
    }

    public FirewallChecks firewall() {
        return firewall;
    }

    public FirewallSpecDefaulter defaulter() {
        return defaulter;
    }

    /** What a reconciler checks before it acts on an XCluster: required fields and formats, a named network. */
    public Verdict checkForReconcile(XClusterSpec spec) {
        Findings findings = new Findings();
        denyStaticViolations(findings, spec);
        if (!findings.hasDenials()) {
            checkPrivateNetwork(findings, spec);
        }
        return findings.verdict();
    }

    /** What a reconciler checks before it acts on an XFirewall: required fields and formats, its private network. */
    public Verdict checkForReconcile(XFirewallSpec spec) {
        Findings findings = new Findings();
        denyStaticViolations(findings, spec);
        if (!findings.hasDenials()) {
            checkPrivateNetwork(findings, spec);
        }
        return findings.verdict();
    }

    /** The Bean Validation constraints of an XCluster's spec, its firewall template included. */
    public void denyStaticViolations(Findings findings, XClusterSpec spec) {
        constraints.violations(spec, "spec").forEach(findings::deny);
    }

    /** The Bean Validation constraints of an XFirewall's spec, which names its own placement. */
    public void denyStaticViolations(Findings findings, XFirewallSpec spec) {
        constraints.violations(spec, "spec", XFirewallSpec.Standalone.class).forEach(findings::deny);
    }

    /** A network the XCluster names must be a private network of its project in its partition. */
    public void checkPrivateNetwork(Findings findings, XClusterSpec spec) {
        if (spec.getPrivateNetworkID() != null) {
            placement.privateNetwork(
                    findings,
                    "spec.privateNetworkID",
                    spec.getPrivateNetworkID(),
                    spec.getProjectID(),
                    spec.getPartition());
        }
    }

    /** The XFirewall's network must be a private network of its project in its partition. */
    public void checkPrivateNetwork(Findings findings, XFirewallSpec spec) {
        placement.privateNetwork(
                findings,
                "spec.privateNetworkID",
                spec.getPrivateNetworkID(),
                spec.getProjectID(),
                spec.getPartitionID());
    }

    @Override
    public void close() {
        constraints.close();
    }
}

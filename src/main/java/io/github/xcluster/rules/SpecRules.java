package io.github.xcluster.rules;

import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.api.capi.MetalStackFirewallTemplateSpec;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Image;
import java.time.Clock;

/**
 * The one rule set of all our kinds, shared by the webhooks and the reconcilers, so that a spec refused at admission
 * and the same spec met by a controller (webhooks off, or an object admitted before a rule existed) are refused
 * with the same field and the same words.
 */
public final class SpecRules implements AutoCloseable {
    private final SpecConstraints constraints = new SpecConstraints();
    private final CachingMetalLookups lookups;
    private final PlacementChecks placement;
    private final FirewallChecks firewall;
    private final FirewallSpecDefaulter defaulter;
    private final MetalStackClusterChecks metalStackCluster;
    private final MetalStackMachineChecks metalStackMachine;
    private final MachineSpecDefaulter machineDefaulter;

    public SpecRules(CachingMetalLookups lookups, FirewallDefaults defaults, Clock clock) {
        this.lookups = lookups;
        FeaturedImages firewallImages = new FeaturedImages(lookups, clock, Image.FEATURE_FIREWALL);
        FeaturedImages machineImages = new FeaturedImages(lookups, clock, Image.FEATURE_MACHINE);
        SizeChecks sizes = new SizeChecks(lookups);
        ChosenMachineCheck machines = new ChosenMachineCheck(lookups);
        ExternalNetworks networks = new ExternalNetworks(lookups);
        this.placement = new PlacementChecks(lookups);
        this.firewall = new FirewallChecks(
                lookups, new ImageAndSizeChecks(new ImageChecks(firewallImages, clock), sizes), machines, networks);
        this.defaulter = new FirewallSpecDefaulter(defaults, firewallImages, networks);
        this.metalStackCluster = new MetalStackClusterChecks(lookups, placement);
        this.metalStackMachine = new MetalStackMachineChecks(
                new ImageAndSizeChecks(new ImageChecks(machineImages, clock), sizes), machines);
        this.machineDefaulter = new MachineSpecDefaulter(machineImages);
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

    public MetalStackClusterChecks metalStackCluster() {
        return metalStackCluster;
    }

    public MetalStackMachineChecks metalStackMachine() {
        return metalStackMachine;
    }

    public MachineSpecDefaulter machineDefaulter() {
        return machineDefaulter;
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

    /** What a reconciler checks before it acts on a MetalStackCluster: the same rules as its admission. */
    public Verdict checkForReconcile(MetalStackClusterSpec spec) {
        Findings findings = new Findings();
        denyStaticViolations(findings, "spec", spec);
        if (!findings.hasDenials()) {
            metalStackCluster.check(findings, "spec", FieldChanges.creating(spec));
        }
        return findings.verdict();
    }

    /**
     * What a reconciler checks before it acts on a MetalStackMachine, in its cluster's partition and project: the
     * rules of its admission, where the machine its providerID names may be allocated in that project already.
     */
    public Verdict checkForReconcile(MetalStackMachineSpec spec, String partitionId, String projectId) {
        Findings findings = new Findings();
        denyStaticViolations(findings, "spec", spec);
        if (!findings.hasDenials()) {
            metalStackMachine.checkForReconcile(findings, spec, new MachinePlacement(partitionId, projectId));
        }
        return findings.verdict();
    }

    /** The Bean Validation constraints of a MetalStackCluster's spec, at {@code specPath}. */
    public void denyStaticViolations(Findings findings, String specPath, MetalStackClusterSpec spec) {
        constraints.violations(spec, specPath).forEach(findings::deny);
    }

    /** The Bean Validation constraints of a MetalStackMachine's spec, at {@code specPath}. */
    public void denyStaticViolations(Findings findings, String specPath, MetalStackMachineSpec spec) {
        constraints.violations(spec, specPath).forEach(findings::deny);
    }

    /** The Bean Validation constraints and rule CIDRs of a MetalStackFirewallTemplate's spec, at {@code specPath}. */
    public void denyStaticViolations(Findings findings, String specPath, MetalStackFirewallTemplateSpec spec) {
        constraints.violations(spec, specPath).forEach(findings::deny);
        FirewallRuleChecks.denyBadCidrs(findings, specPath + ".initialRuleSet", spec.getInitialRuleSet());
    }

    /** The Bean Validation constraints and rule CIDRs of an XCluster's spec, its firewall template included. */
    public void denyStaticViolations(Findings findings, XClusterSpec spec) {
        constraints.violations(spec, "spec").forEach(findings::deny);
        XFirewallTemplate template = spec.getXFirewallTemplate();
        if (template != null && template.getSpec() != null) {
            FirewallRuleChecks.denyBadCidrs(
                    findings,
                    "spec.xFirewallTemplate.spec.initialRuleSet",
                    template.getSpec().getInitialRuleSet());
        }
    }

    /** The Bean Validation constraints and rule CIDRs of an XFirewall's spec, which names its own placement. */
    public void denyStaticViolations(Findings findings, XFirewallSpec spec) {
        constraints.violations(spec, "spec", XFirewallSpec.Standalone.class).forEach(findings::deny);
        FirewallRuleChecks.denyBadCidrs(findings, "spec.initialRuleSet", spec.getInitialRuleSet());
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

package io.github.xcluster.webhook;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.FirewallChecks;
import io.github.xcluster.rules.PlacementChecks;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;

/** The rules an XCluster must pass on CREATE and UPDATE. */
final class XClusterValidator implements ResourceValidator<XCluster> {
    static final String FIREWALL_SPEC = "spec.xFirewallTemplate.spec";

    private final SpecRules rules;
    private final PlacementChecks placement;
    private final FirewallChecks firewall;

    XClusterValidator(SpecRules rules) {
        this.rules = rules;
        this.placement = rules.placement();
        this.firewall = rules.firewall();
    }

    @Override
    public Verdict validate(XCluster cluster, XCluster old, Operation operation) {
        boolean updating = operation == Operation.UPDATE;
        if (!updating && operation != Operation.CREATE || updating && SpecComparison.sameSpec(old, cluster)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        XClusterSpec spec = cluster.getSpec();
        if (spec == null) {
            findings.deny("spec", "is required");
            return findings.verdict();
        }
        rules.denyStaticViolations(findings, spec);
        FieldChanges<XClusterSpec> changes =
                updating ? new FieldChanges<>(old.getSpec(), spec) : FieldChanges.creating(spec);
        denyImmutableChanges(findings, changes);
        if (findings.hasDenials()) {
            return findings.verdict();
        }
        boolean partitionExists = !changes.touched(XClusterSpec::getPartition)
                || placement.partitionExists(findings, "spec.partition", spec.getPartition());
        if (changes.touched(XClusterSpec::getProjectID)) {
            placement.projectExists(findings, "spec.projectID", spec.getProjectID());
        }
        if (changes.touched(XClusterSpec::getPrivateNetworkID)) {
            rules.checkPrivateNetwork(findings, spec);
        }
        firewall.check(findings, FIREWALL_SPEC, firewallChanges(changes), partitionExists ? spec.getPartition() : null);
        return findings.verdict();
    }

    private static void denyImmutableChanges(Findings findings, FieldChanges<XClusterSpec> changes) {
        changes.denyChange(
                findings, "spec.partition", XClusterSpec::getPartition, XClusterSpec.WHY_PARTITION_IMMUTABLE);
        changes.denyChange(findings, "spec.projectID", XClusterSpec::getProjectID, XClusterSpec.WHY_PROJECT_IMMUTABLE);
        changes.denyChangeOnceSet(
                findings,
                "spec.privateNetworkID",
                XClusterSpec::getPrivateNetworkID,
                XClusterSpec.WHY_PRIVATE_NETWORK_IMMUTABLE);
    }

    private static FieldChanges<XFirewallSpec> firewallChanges(FieldChanges<XClusterSpec> changes) {
        XFirewallSpec after = changes.after().getXFirewallTemplate().getSpec();
        XFirewallSpec before = changes.before() == null ? null : firewallSpecOf(changes.before());
        return before == null ? FieldChanges.creating(after) : new FieldChanges<>(before, after);
    }

    private static XFirewallSpec firewallSpecOf(XClusterSpec spec) {
        XFirewallTemplate template = spec.getXFirewallTemplate();
        return template == null ? null : template.getSpec();
    }
}

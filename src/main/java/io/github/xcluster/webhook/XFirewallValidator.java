package io.github.xcluster.webhook;

import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.FirewallChecks;
import io.github.xcluster.rules.PlacementChecks;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;

/**
 * The rules an XFirewall must pass on CREATE and UPDATE, whether the XCluster controller made it or
 * a user did: it names its own partition, project and private network.
 */
final class XFirewallValidator implements ResourceValidator<XFirewall> {
    private final SpecRules rules;
    private final PlacementChecks placement;
    private final FirewallChecks firewall;

    XFirewallValidator(SpecRules rules) {
        this.rules = rules;
        this.placement = rules.placement();
        this.firewall = rules.firewall();
    }

    @Override
    public Verdict validate(XFirewall object, XFirewall old, Operation operation) {
        boolean updating = operation == Operation.UPDATE;
        if (!updating && operation != Operation.CREATE || updating && SpecComparison.sameSpec(old, object)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        XFirewallSpec spec = object.getSpec();
        if (spec == null) {
            findings.deny("spec", "is required");
            return findings.verdict();
        }
        rules.denyStaticViolations(findings, spec);
        FieldChanges<XFirewallSpec> changes = updating && old.getSpec() != null
                ? new FieldChanges<>(old.getSpec(), spec)
                : FieldChanges.creating(spec);
        denyImmutableChanges(findings, changes);
        if (findings.hasDenials()) {
            return findings.verdict();
        }
        boolean partitionExists = !changes.touched(XFirewallSpec::getPartitionID)
                || placement.partitionExists(findings, "spec.partitionID", spec.getPartitionID());
        if (changes.touched(XFirewallSpec::getProjectID)) {
            placement.projectExists(findings, "spec.projectID", spec.getProjectID());
        }
        if (changes.touched(XFirewallSpec::getPrivateNetworkID)) {
            rules.checkPrivateNetwork(findings, spec);
        }
        firewall.check(findings, "spec", changes, partitionExists ? spec.getPartitionID() : null);
        return findings.verdict();
    }

    private static void denyImmutableChanges(Findings findings, FieldChanges<XFirewallSpec> changes) {
        changes.denyChange(
                findings, "spec.partitionID", XFirewallSpec::getPartitionID, XFirewall.WHY_PARTITION_IMMUTABLE);
        changes.denyChange(findings, "spec.projectID", XFirewallSpec::getProjectID, XFirewall.WHY_PROJECT_IMMUTABLE);
        changes.denyChangeOnceSet(
                findings,
                "spec.privateNetworkID",
                XFirewallSpec::getPrivateNetworkID,
                XFirewall.WHY_PRIVATE_NETWORK_IMMUTABLE);
        changes.denyChange(findings, "spec.image", XFirewallSpec::getImage, XFirewall.WHY_IMAGE_IMMUTABLE);
        changes.denyChange(findings, "spec.size", XFirewallSpec::getSize, XFirewall.WHY_SIZE_IMMUTABLE);
        changes.denyChange(findings, "spec.machineID", XFirewallSpec::getMachineID, XFirewall.WHY_MACHINE_IMMUTABLE);
    }
}

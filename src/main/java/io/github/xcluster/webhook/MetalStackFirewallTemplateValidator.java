package io.github.xcluster.webhook;

import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackFirewallTemplateSpec;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.PlacementChecks;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;

/**
 * The rules a MetalStackFirewallTemplate must pass on CREATE and on an UPDATE of its spec (which rolls out a new
 * firewall, so a bad change is refused before anything is allocated): rule ports and CIDRs, a firewall image the size
 * runs, external networks, and the partition and project when it names them.
 */
final class MetalStackFirewallTemplateValidator implements ResourceValidator<MetalStackFirewallTemplate> {
    private final SpecRules rules;
    private final PlacementChecks placement;

    MetalStackFirewallTemplateValidator(SpecRules rules) {
        this.rules = rules;
        this.placement = rules.placement();
    }

    @Override
    public Verdict validate(MetalStackFirewallTemplate object, MetalStackFirewallTemplate old, Operation operation) {
        if (!SpecComparison.writesSpec(object, old, operation)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        MetalStackFirewallTemplateSpec spec = object.getSpec();
        if (spec == null) {
            findings.deny("spec", "is required");
            return findings.verdict();
        }
        rules.denyStaticViolations(findings, "spec", spec);
        if (findings.hasDenials()) {
            return findings.verdict();
        }
        FieldChanges<MetalStackFirewallTemplateSpec> changes = operation == Operation.UPDATE && old.getSpec() != null
                ? new FieldChanges<>(old.getSpec(), spec)
                : FieldChanges.creating(spec);
        boolean partitionKnown = spec.getPartition() != null
                && (!changes.touched(MetalStackFirewallTemplateSpec::getPartition)
                        || placement.partitionExists(findings, "spec.partition", spec.getPartition()));
        if (spec.getProject() != null && changes.touched(MetalStackFirewallTemplateSpec::getProject)) {
            placement.projectExists(findings, "spec.project", spec.getProject());
        }
        rules.firewall().checkTemplate(findings, "spec", changes, partitionKnown ? spec.getPartition() : null);
        return findings.verdict();
    }
}

package io.github.xcluster.webhook;

import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.ProviderId;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.MachinePlacement;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a MetalStackMachine must pass on CREATE and UPDATE, in the partition and project of its cluster's
 * MetalStackCluster when that is found. A machine Cluster API clones from an admitted template meets the same checks
 * with the same spec; the operator's one write of {@code spec.providerID}, and a {@code clusterctl move}, name a
 * machine allocated in the cluster's project, which is admitted.
 */
final class MetalStackMachineValidator implements ResourceValidator<MetalStackMachine> {
    private final SpecRules rules;
    private final MetalStackClusters clusters;

    MetalStackMachineValidator(SpecRules rules, MetalStackClusters clusters) {
        this.rules = rules;
        this.clusters = clusters;
    }

    @Override
    public Verdict validate(MetalStackMachine machine, MetalStackMachine old, Operation operation) {
        if (!SpecComparison.writesSpec(machine, old, operation)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        MetalStackMachineSpec spec = machine.getSpec();
        if (spec == null) {
            findings.deny("spec", "is required");
            return findings.verdict();
        }
        rules.denyStaticViolations(findings, "spec", spec);
        FieldChanges<MetalStackMachineSpec> changes = operation == Operation.UPDATE && old.getSpec() != null
                ? new FieldChanges<>(old.getSpec(), spec)
                : FieldChanges.creating(spec);
        denyImmutableChanges(findings, changes);
        if (!findings.hasDenials()) {
            rules.metalStackMachine().check(findings, "spec", changes, placementOf(machine));
        }
        return findings.verdict();
    }

    private Optional<MachinePlacement> placementOf(MetalStackMachine machine) {
        Map<String, String> labels = machine.getMetadata().getLabels();
        String clusterName = labels == null ? null : labels.get(InfrastructureKinds.CLUSTER_NAME_LABEL);
        if (clusterName == null) {
            return Optional.empty();
        }
        return clusters.of(machine.getMetadata().getNamespace(), clusterName)
                .filter(cluster -> cluster.getSpec() != null)
                .map(cluster -> MachinePlacement.of(cluster.getSpec()));
    }

    /** The machine a providerID names: metalstack://<id> becoming metal://<partition>/<id> is no change. */
    private static String namedMachine(MetalStackMachineSpec spec) {
        if (spec.getProviderID() == null || spec.getProviderID().isEmpty()) {
            return null;
        }
        return ProviderId.parse(spec.getProviderID()).map(ProviderId::machineId).orElse(spec.getProviderID());
    }

    /** In the words of the CRD's CEL rules, which refuse the same changes before a webhook is asked. */
    private static void denyImmutableChanges(Findings findings, FieldChanges<MetalStackMachineSpec> changes) {
        changes.denyChange(
                findings, "spec.image", MetalStackMachineSpec::getImage, MetalStackMachineSpec.WHY_IMAGE_IMMUTABLE);
        changes.denyChange(
                findings, "spec.size", MetalStackMachineSpec::getSize, MetalStackMachineSpec.WHY_SIZE_IMMUTABLE);
        if (changes.before() != null
                && namedMachine(changes.before()) != null
                && !Objects.equals(namedMachine(changes.before()), namedMachine(changes.after()))) {
            changes.denyChange(
                    findings,
                    "spec.providerID",
                    MetalStackMachineSpec::getProviderID,
                    MetalStackMachineSpec.WHY_PROVIDER_ID_IMMUTABLE);
        }
    }
}

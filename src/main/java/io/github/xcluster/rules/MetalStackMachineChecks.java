package io.github.xcluster.rules;

import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.ProviderId;
import java.util.Optional;

/**
 * A MetalStackMachine's fields checked against metal-api, for a machine ({@code spec}) and a template's
 * ({@code spec.template.spec}) alike: a machine image, a size, the pair of both, and a machine picked beforehand by
 * {@code providerID}. Where the machine goes comes from its MetalStackCluster; without it (a template, a machine
 * created before its cluster) only what needs no partition is checked, and the reconciler checks the rest.
 */
public final class MetalStackMachineChecks {
    private final ImageAndSizeChecks imageAndSize;
    private final ChosenMachineCheck machines;

    MetalStackMachineChecks(ImageAndSizeChecks imageAndSize, ChosenMachineCheck machines) {
        this.imageAndSize = imageAndSize;
        this.machines = machines;
    }

    /**
     * At admission: the fields a CREATE or UPDATE touches.
     *
     * @param placement the partition and project of the machine's cluster, empty when unknown
     */
    public void check(
            Findings findings,
            String specPath,
            FieldChanges<MetalStackMachineSpec> changes,
            Optional<MachinePlacement> placement) {
        check(findings, specPath, changes, placement, changes.before() == null);
    }

    /**
     * Before a reconciler acts: every field, the machine a providerID names may be allocated already in the
     * cluster's project (by the operator itself).
     */
    public void checkForReconcile(Findings findings, MetalStackMachineSpec spec, MachinePlacement placement) {
        check(findings, "spec", FieldChanges.creating(spec), Optional.of(placement), false);
    }

    private void check(
            Findings findings,
            String specPath,
            FieldChanges<MetalStackMachineSpec> changes,
            Optional<MachinePlacement> placement,
            boolean pickedByUser) {
        MetalStackMachineSpec spec = changes.after();
        imageAndSize.check(
                findings,
                specPath,
                spec.getImage(),
                changes.touched(MetalStackMachineSpec::getImage),
                spec.getSize(),
                changes.touched(MetalStackMachineSpec::getSize));
        Optional<ProviderId> providerId = ProviderId.parse(spec.getProviderID());
        if (providerId.isPresent() && changes.touched(MetalStackMachineSpec::getProviderID)) {
            checkProviderId(findings, specPath + ".providerID", providerId.get(), spec, placement, pickedByUser);
        }
    }

    /**
     * A machine the user picks on CREATE must be free. Later the providerID is set once by the operator, to the
     * machine it allocated in the cluster's project.
     */
    private void checkProviderId(
            Findings findings,
            String field,
            ProviderId providerId,
            MetalStackMachineSpec spec,
            Optional<MachinePlacement> placement,
            boolean pickedByUser) {
        Optional<String> partition = placement.map(MachinePlacement::partitionId);
        if (partition.isPresent()
                && providerId.partitionId().isPresent()
                && !providerId.partitionId().equals(partition)) {
            findings.deny(
                    field,
                    "names partition " + Quoted.of(providerId.partitionId().get())
                            + ", but the cluster's machines are in partition " + Quoted.of(partition.get()));
            return;
        }
        String wantedPartition = partition.or(providerId::partitionId).orElse(null);
        machines.check(findings, field, providerId.machineId(), wantedPartition, spec.getSize())
                .ifPresent(machine -> {
                    if (pickedByUser) {
                        machines.requireFree(findings, field, machine);
                    } else {
                        placement.ifPresent(
                                known -> machines.requireFreeOrIn(findings, field, machine, known.projectId()));
                    }
                });
    }
}

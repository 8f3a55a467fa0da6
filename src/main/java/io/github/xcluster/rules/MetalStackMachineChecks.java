package io.github.xcluster.rules;

import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.ProviderId;
import java.util.Optional;

/**
 * A MetalStackMachine's fields checked against metal-api, for a machine ({@code spec}) and a template's
 * ({@code spec.template.spec}) alike: a machine image, a size, the pair of both, and a machine picked beforehand by
 * {@code providerID}. Where the machine goes comes from its MetalStackCluster; without it (a template, a machine
 * created before its cluster) only what needs no cluster is checked, and the reconciler checks the rest.
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
            checkProviderId(
                    findings, specPath + ".providerID", providerId.get(), spec, placement, changes.before() == null);
        }
    }

    /** Before a reconciler acts: every field, as at the admission of a new object of that cluster. */
    public void checkForReconcile(Findings findings, MetalStackMachineSpec spec, MachinePlacement placement) {
        check(findings, "spec", FieldChanges.creating(spec), Optional.of(placement));
    }

    /**
     * The machine must be free or allocated in the cluster's project already: the operator sets the providerID once,
     * to the machine it allocated, and {@code clusterctl move} creates the object anew with that providerID. Without
     * the cluster, a new object's machine must be free; an update's is left to the reconciler.
     */
    private void checkProviderId(
            Findings findings,
            String field,
            ProviderId providerId,
            MetalStackMachineSpec spec,
            Optional<MachinePlacement> placement,
            boolean creating) {
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
                    if (placement.isPresent()) {
                        machines.requireFreeOrIn(
                                findings, field, machine, placement.get().projectId());
                    } else if (creating) {
                        machines.requireFree(findings, field, machine);
                    }
                });
    }
}

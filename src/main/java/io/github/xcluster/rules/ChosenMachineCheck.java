package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Machine;
import java.util.Optional;

/**
 * A machine the user picked by id: it must exist and be of the wanted size and partition; whether it must be free
 * is the caller's question. Whom an allocated machine belongs to is never told: it may be another tenant's.
 */
final class ChosenMachineCheck {
    private final CachingMetalLookups lookups;

    ChosenMachineCheck(CachingMetalLookups lookups) {
        this.lookups = lookups;
    }

    /**
     * @param partitionId the wanted partition, null when unknown (not checked)
     * @param sizeId the wanted size, null when unknown (not checked)
     * @return the machine when it exists
     */
    Optional<Machine> check(Findings findings, String field, String machineId, String partitionId, String sizeId) {
        Optional<Machine> found = lookups.machine(machineId);
        if (found.isEmpty()) {
            findings.deny(field, named(machineId) + " does not exist");
            return found;
        }
        Machine machine = found.get();
        if (partitionId != null && !partitionId.equals(machine.partitionId())) {
            findings.deny(
                    field,
                    named(machineId) + " is in partition " + Quoted.of(machine.partitionId()) + ", not in "
                            + Quoted.of(partitionId));
        }
        if (sizeId != null && !sizeId.equals(machine.sizeId())) {
            findings.deny(
                    field,
                    named(machineId) + " has size " + Quoted.of(machine.sizeId()) + ", not " + Quoted.of(sizeId));
        }
        return found;
    }

    void requireFree(Findings findings, String field, Machine machine) {
        if (machine.isAllocated()) {
            findings.deny(field, named(machine.id()) + " is not free: it is allocated already");
        }
    }

    /** For a machine that may be allocated already, by the operator, in this project. */
    void requireFreeOrIn(Findings findings, String field, Machine machine, String projectId) {
        if (machine.isAllocated() && !projectId.equals(machine.allocation().projectId())) {
            findings.deny(
                    field,
                    named(machine.id()) + " is not free: it is allocated in another project, not in "
                            + Quoted.of(projectId));
        }
    }

    private static String named(String machineId) {
        return "machine " + Quoted.of(machineId);
    }
}

package io.github.xcluster.webhook;

import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.rules.MachineSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;

/** Pins a new MetalStackMachine's image shorthand to its newest version; other operations pass unchanged. */
final class MetalStackMachineDefaulter implements Defaulter<MetalStackMachine> {
    private final MachineSpecDefaulter machine;

    MetalStackMachineDefaulter(MachineSpecDefaulter machine) {
        this.machine = machine;
    }

    @Override
    public MetalStackMachine mutate(MetalStackMachine object, MetalStackMachine old, Operation operation) {
        if (operation == Operation.CREATE && object.getSpec() != null) {
            machine.fill(object.getSpec());
        }
        return object;
    }
}

package io.github.xcluster.webhook;

import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.rules.MachineSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;

/**
 * Pins a new template's image shorthand to its newest version, so every machine cloned from it gets the same image
 * however long the template lives.
 */
final class MetalStackMachineTemplateDefaulter implements Defaulter<MetalStackMachineTemplate> {
    private final MachineSpecDefaulter machine;

    MetalStackMachineTemplateDefaulter(MachineSpecDefaulter machine) {
        this.machine = machine;
    }

    @Override
    public MetalStackMachineTemplate mutate(
            MetalStackMachineTemplate template, MetalStackMachineTemplate old, Operation operation) {
        if (operation == Operation.CREATE) {
            TemplateValidator.machineSpecOf(template).ifPresent(machine::fill);
        }
        return template;
    }
}

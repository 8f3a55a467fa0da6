package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class MetalStackMachineTemplateSpec {
    @Required
    @NotNull(message = "is required")
    @Valid
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + InfrastructureKinds.WHY_TEMPLATE_IMMUTABLE)
    @JsonPropertyDescription("Template is what every cloned MetalStackMachine gets.")
    private MetalStackMachineTemplateResource template;

    public MetalStackMachineTemplateResource getTemplate() {
        return template;
    }

    public void setTemplate(MetalStackMachineTemplateResource template) {
        this.template = template;
    }
}

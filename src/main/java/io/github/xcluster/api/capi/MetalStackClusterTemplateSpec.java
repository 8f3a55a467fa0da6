package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class MetalStackClusterTemplateSpec {
    @Required
    @NotNull(message = "is required")
    @Valid
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + InfrastructureKinds.WHY_TEMPLATE_IMMUTABLE)
    @JsonPropertyDescription("Template is what every cloned MetalStackCluster gets.")
    private MetalStackClusterTemplateResource template;

    public MetalStackClusterTemplateResource getTemplate() {
        return template;
    }

    public void setTemplate(MetalStackClusterTemplateResource template) {
        this.template = template;
    }
}

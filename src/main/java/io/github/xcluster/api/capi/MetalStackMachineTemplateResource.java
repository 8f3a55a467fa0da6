package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.github.xcluster.api.TemplateMetadata;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** What a MetalStackMachine cloned from a template gets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetalStackMachineTemplateResource {
    @JsonPropertyDescription("Metadata (labels and annotations) given to the cloned MetalStackMachine.")
    private TemplateMetadata metadata;

    @Required
    @NotNull(message = "is required")
    @Valid
    @JsonPropertyDescription("Spec of the cloned MetalStackMachine.")
    private MetalStackMachineSpec spec;

    public TemplateMetadata getMetadata() {
        return metadata;
    }

    public void setMetadata(TemplateMetadata metadata) {
        this.metadata = metadata;
    }

    public MetalStackMachineSpec getSpec() {
        return spec;
    }

    public void setSpec(MetalStackMachineSpec spec) {
        this.spec = spec;
    }
}

package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.github.xcluster.api.TemplateMetadata;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** What a MetalStackCluster cloned from a template gets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetalStackClusterTemplateResource {
    @JsonPropertyDescription("Metadata (labels and annotations) given to the cloned MetalStackCluster.")
    private TemplateMetadata metadata;

    @Required
    @NotNull(message = "is required")
    @Valid
    @JsonPropertyDescription("Spec of the cloned MetalStackCluster.")
    private MetalStackClusterSpec spec;

    public TemplateMetadata getMetadata() {
        return metadata;
    }

    public void setMetadata(TemplateMetadata metadata) {
        this.metadata = metadata;
    }

    public MetalStackClusterSpec getSpec() {
        return spec;
    }

    public void setSpec(MetalStackClusterSpec spec) {
        this.spec = spec;
    }
}

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class XFirewallTemplate {
    @JsonPropertyDescription("Metadata (labels and annotations) given to the created XFirewall.")
    private TemplateMetadata metadata;

    @NotNull(message = "is required")
    @Valid
    @JsonPropertyDescription("Spec of the created XFirewall.")
    private XFirewallSpec spec;

    public TemplateMetadata getMetadata() {
        return metadata;
    }

    public void setMetadata(TemplateMetadata metadata) {
        this.metadata = metadata;
    }

    public XFirewallSpec getSpec() {
        return spec;
    }

    public void setSpec(XFirewallSpec spec) {
        this.spec = spec;
    }
}

package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The parts of object metadata a template may set on the objects created from it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TemplateMetadata {
    @JsonPropertyDescription("Labels added to the created object.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Annotations added to the created object.")
    private Map<String, String> annotations;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}

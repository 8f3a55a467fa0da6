package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What both kinds report: overall readiness, the conditions behind it, the generation seen. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {
    @JsonPropertyDescription("Ready is true when everything the resource asks for exists and works.")
    private boolean ready;

    @JsonPropertyDescription("Conditions are the latest observations of the resource's state: Ready plus one per step.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("ObservedGeneration is the metadata.generation the status describes.")
    private Long observedGeneration;

    public boolean isReady() {
        return ready;
    }

    public void setReady(boolean ready) {
        this.ready = ready;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}

package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference by name, as metal-stack's provider writes its references: to an object of the same namespace. */
public class NameReference {
    @Required
    @JsonPropertyDescription("Name of the referenced object.")
    private String name;

    public NameReference() {}

    public NameReference(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}

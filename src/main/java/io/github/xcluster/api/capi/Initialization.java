package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Cluster API v1beta2 contract's initialization status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Initialization {
    @JsonPropertyDescription(
            "Provisioned is true once the initial provisioning is done; Cluster API waits for it and never looks"
                    + " again.")
    private Boolean provisioned;

    public Boolean getProvisioned() {
        return provisioned;
    }

    public void setProvisioned(Boolean provisioned) {
        this.provisioned = provisioned;
    }
}

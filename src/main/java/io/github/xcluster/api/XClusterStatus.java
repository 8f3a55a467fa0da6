package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ConditionSchema.class, input = "")
public class XClusterStatus extends ResourceStatus {
    @JsonProperty("privateNetworkID")
    @JsonPropertyDescription("PrivateNetworkID is the id of the private network the cluster uses.")
    private String privateNetworkID;

    public String getPrivateNetworkID() {
        return privateNetworkID;
    }

    public void setPrivateNetworkID(String privateNetworkID) {
        this.privateNetworkID = privateNetworkID;
    }
}

package io.github.xcluster.api.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.xcluster.api.MetalUuid;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProjectBindingSpec {
    @Required
    @MetalUuid
    @JsonProperty("projectID")
    @JsonPropertyDescription("ProjectID is the UUID of the metal-stack project the namespaces may use.")
    private String projectID;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Namespaces may name this project in spec.projectID of their XClusters, XFirewalls and"
            + " MetalStackClusters.")
    private List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Size(max = 63) String> namespaces;

    @JsonPropertyDescription(
            "Quota caps what the bound namespaces together hold in this project; without it there is no cap.")
    private ProjectQuota quota;

    @JsonPropertyDescription("CredentialsSecretRef names a Secret in the operator's namespace with the keys url and"
            + " hmac (a Metal-Edit key unless hmac-auth-type says otherwise) or token; the controllers then act in"
            + " metal-api for these namespaces' objects with it instead of the operator's own credentials.")
    private SecretReference credentialsSecretRef;

    public String getProjectID() {
        return projectID;
    }

    public void setProjectID(String projectID) {
        this.projectID = projectID;
    }

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public ProjectQuota getQuota() {
        return quota;
    }

    public void setQuota(ProjectQuota quota) {
        this.quota = quota;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }
}

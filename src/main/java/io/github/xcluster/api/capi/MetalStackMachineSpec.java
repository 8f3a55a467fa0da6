package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.xcluster.api.MetalId;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Image and size as in metal-stack's provider; providerID may name a machine beforehand; keys and tags are ours. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "!has(oldSelf.providerID) || oldSelf.providerID == ''"
                + " || has(self.providerID) && (self.providerID == oldSelf.providerID"
                + " || oldSelf.providerID.startsWith('metalstack://') && self.providerID.startsWith('metal://')"
                + " && self.providerID.endsWith('/' + oldSelf.providerID.substring(13)))",
        fieldPath = ".providerID",
        message = "is immutable once set; " + MetalStackMachineSpec.WHY_PROVIDER_ID_IMMUTABLE)
public class MetalStackMachineSpec {
    public static final String WHY_PROVIDER_ID_IMMUTABLE = "it names the machine this object stands for"
            + " (metalstack://<id> may only become metal://<partition>/<id>)";
    public static final String WHY_IMAGE_IMMUTABLE = "a new image means a new machine";
    public static final String WHY_SIZE_IMMUTABLE = "a new size means a new machine";
    static final String PROVIDER_ID_PATTERN =
            "^(metal://[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*|metalstack://[A-Za-z0-9][A-Za-z0-9._-]*)$";

    @io.fabric8.generator.annotation.Pattern(PROVIDER_ID_PATTERN)
    @io.fabric8.generator.annotation.Size(max = 300)
    @jakarta.validation.constraints.Pattern(
            regexp = PROVIDER_ID_PATTERN,
            message = "must be metal://<partition>/<machine-id> or metalstack://<machine-id>")
    @JsonProperty("providerID")
    @JsonPropertyDescription(
            "ProviderID is metal://<partition>/<machine-id>, the form metal-ccm gives the Node; the operator sets it"
                    + " once the machine is allocated. Set beforehand (metal://<partition>/<id> or metalstack://<id>),"
                    + " it places the node on exactly that machine.")
    private String providerID;

    @Required
    @NotNull(message = "is required")
    @MetalId
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_IMAGE_IMMUTABLE)
    @JsonPropertyDescription(
            "Image is the operating system image to install, an id or a short name such as ubuntu-24.04 (the newest"
                    + " version is taken).")
    private String image;

    @Required
    @NotNull(message = "is required")
    @MetalId
    @ValidationRule(value = "self == oldSelf", message = "is immutable; " + WHY_SIZE_IMMUTABLE)
    @JsonPropertyDescription("Size is the metal-stack machine size, e.g. v1-small-x86.")
    private String size;

    @JsonPropertyDescription("SSHPublicKeys are authorized for the machine's default user, in OpenSSH format.")
    private List<String> sshPublicKeys;

    @JsonPropertyDescription(
            "Tags are added to the machine's tags in metal-api, e.g. for accounting; the operator's own tags win.")
    private List<String> tags;

    public String getProviderID() {
        return providerID;
    }

    public void setProviderID(String providerID) {
        this.providerID = providerID;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public List<String> getSshPublicKeys() {
        return sshPublicKeys;
    }

    public void setSshPublicKeys(List<String> sshPublicKeys) {
        this.sshPublicKeys = sshPublicKeys;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }
}

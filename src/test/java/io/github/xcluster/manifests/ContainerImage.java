package io.github.xcluster.manifests;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a kustomization's {@code images:} list: containers whose image is {@code name}
 * run {@code newName} at {@code newTag} (or at {@code digest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ContainerImage(String name, String newName, String newTag, String digest) {

    /** Parses an image reference such as {@code ghcr.io/org/op:0.1.0} or {@code host:5000/op@sha256:...}. */
    static ContainerImage replacing(String name, String reference) {
        int at = reference.indexOf('@');
        if (at > 0) {
            return new ContainerImage(name, reference.substring(0, at), null, reference.substring(at + 1));
        }
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/') && colon < reference.length() - 1) {
            return new ContainerImage(name, reference.substring(0, colon), reference.substring(colon + 1), null);
        }
        throw new BundleSourceException(
                "image \"" + reference + "\" has neither a tag nor a digest; use e.g. ghcr.io/org/op:0.1.0");
    }

    String reference() {
        return digest != null ? newName + "@" + digest : newName + ":" + newTag;
    }

    /** Whether kustomize would replace this container image, i.e. its name without tag is {@link #name}. */
    boolean replaces(String image) {
        int colon = image.lastIndexOf(':');
        String withoutTag = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        return withoutTag.equals(name);
    }
}

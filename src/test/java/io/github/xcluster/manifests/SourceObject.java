package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** One Kubernetes object as config/ states it, with the file it came from for error messages. */
record SourceObject(Path file, JsonNode node) {
    String kind() {
        return node.path("kind").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }
}

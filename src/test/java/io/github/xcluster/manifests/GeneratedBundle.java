package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the static checks read of a written bundle: the CSV, the CRDs and metadata/annotations.yaml. */
record GeneratedBundle(JsonNode csv, List<JsonNode> crds, JsonNode annotations) {

    static GeneratedBundle read(Path bundle, BundleYaml yaml) {
        JsonNode csv = null;
        List<JsonNode> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(bundle.resolve(BundleAnnotations.MANIFESTS))) {
            for (Path file : files.sorted().toList()) {
                JsonNode object = yaml.readDocument(file);
                switch (object.path("kind").asText()) {
                    case "ClusterServiceVersion" -> csv = object;
                    case "CustomResourceDefinition" -> crds.add(object);
                    default -> {}
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + bundle, e);
        }
        if (csv == null) {
            throw new BundleSourceException(bundle + " holds no ClusterServiceVersion; run make bundle");
        }
        JsonNode annotations = yaml.readDocument(bundle.resolve(BundleAnnotations.METADATA + "annotations.yaml"))
                .path("annotations");
        return new GeneratedBundle(csv, crds, annotations);
    }

    JsonNode ownedCrds() {
        return csv.path("spec").path("customresourcedefinitions").path("owned");
    }

    /** The alm-examples annotation, parsed. */
    JsonNode examples(BundleYaml yaml) {
        String examples =
                csv.path("metadata").path("annotations").path("alm-examples").asText("[]");
        return yaml.parse(examples);
    }
}

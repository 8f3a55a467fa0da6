package io.github.xcluster.dev;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of a kustomization.yaml the dev world applies by hand where no kustomize runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
record Kustomization(
        String namePrefix,
        List<String> resources,
        List<FilePatch> patches,
        List<LabelSet> labels,
        Map<String, String> commonLabels) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FilePatch(String path) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LabelSet(Map<String, String> pairs) {}

    static Kustomization read(Path file) {
        try {
            return Serialization.unmarshal(Files.readString(file), Kustomization.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String prefix() {
        return namePrefix == null ? "" : namePrefix;
    }

    List<String> resourceList() {
        return resources == null ? List.of() : resources;
    }

    List<String> patchPaths() {
        return patches == null
                ? List.of()
                : patches.stream()
                        .map(FilePatch::path)
                        .filter(path -> path != null)
                        .toList();
    }

    /** {@code labels[].pairs} and {@code commonLabels} together, as kustomize adds them to every resource. */
    Map<String, String> allLabels() {
        Map<String, String> all = new LinkedHashMap<>();
        if (labels != null) {
            labels.stream().filter(set -> set.pairs() != null).forEach(set -> all.putAll(set.pairs()));
        }
        if (commonLabels != null) {
            all.putAll(commonLabels);
        }
        return all;
    }
}

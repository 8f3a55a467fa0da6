package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kustomize sources under config/ that the bundle is made of. Components (manager, rbac,
 * webhook, default) are read through their kustomization's {@code resources:} files, so a file the
 * kustomization does not list does not reach the bundle either.
 */
final class ConfigDirectory {
    static final String MANAGER_IMAGE_NAME = "controller";

    private final Path config;
    private final BundleYaml yaml;

    ConfigDirectory(Path config, BundleYaml yaml) {
        this.config = config;
        this.yaml = yaml;
    }

    /** The {@code namePrefix} config/default gives every object. */
    String namePrefix() {
        return text(kustomization("default"), "namePrefix", "default");
    }

    /** The namespace config/default puts every object in. */
    String namespace() {
        return text(kustomization("default"), "namespace", "default");
    }

    /** The image config/manager's kustomization puts into the manager container. */
    ContainerImage managerImage() {
        return yaml.convert(managerImageEntry(kustomization("manager")), ContainerImage.class);
    }

    /** Points config/manager's kustomization at another image; leaves the file alone if it already does. */
    void setManagerImage(String reference) {
        ContainerImage wanted = ContainerImage.replacing(MANAGER_IMAGE_NAME, reference);
        if (wanted.equals(managerImage())) {
            return;
        }
        JsonNode kustomization = kustomization("manager");
        ObjectNode entry = managerImageEntry(kustomization);
        entry.removeAll();
        entry.setAll((ObjectNode) yaml.tree(wanted));
        write(kustomizationFile("manager"), yaml.toYaml(kustomization));
    }

    /** The objects of the files a component's kustomization lists; listed directories are skipped. */
    List<SourceObject> resources(String component) {
        List<SourceObject> objects = new ArrayList<>();
        for (JsonNode entry : kustomization(component).path("resources")) {
            Path file = config.resolve(component).resolve(entry.asText()).normalize();
            if (Files.isRegularFile(file)) {
                yaml.readDocuments(file).forEach(node -> objects.add(new SourceObject(config.relativize(file), node)));
            } else if (!Files.isDirectory(file)) {
                throw new BundleSourceException(
                        kustomizationFile(component) + " lists " + entry.asText() + ", which does not exist");
            }
        }
        return objects;
    }

    Deployment managerDeployment() {
        return yaml.convert(single("manager", "Deployment").node(), Deployment.class);
    }

    SourceObject single(String component, String kind) {
        List<SourceObject> found = resources(component).stream()
                .filter(object -> object.kind().equals(kind))
                .toList();
        if (found.size() != 1) {
            throw new BundleSourceException(
                    "config/" + component + " should hold exactly one " + kind + ", it holds " + found.size());
        }
        return found.get(0);
    }

    /** config/crd/bases/*.yaml in name order. */
    List<Path> crdFiles() {
        List<Path> files = yamlFiles(config.resolve("crd/bases"));
        if (files.isEmpty()) {
            throw new BundleSourceException("config/crd/bases holds no CRD; generate the CRDs first");
        }
        return files;
    }

    /**
     * The sample resources of config/samples in file name order, without their namespace: as
     * examples they are created wherever the user is.
     */
    List<JsonNode> samples() {
        List<JsonNode> samples = yamlFiles(config.resolve("samples")).stream()
                .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                .flatMap(file -> yaml.readDocuments(file).stream())
                .<JsonNode>map(JsonNode::deepCopy)
                .toList();
        if (samples.isEmpty()) {
            throw new BundleSourceException(
                    "config/samples holds no sample resource; the CSV's alm-examples are made of them");
        }
        samples.forEach(
                sample -> ((ObjectNode) sample).withObjectProperty("metadata").remove("namespace"));
        return samples;
    }

    ObjectNode csvBase(String packageName) {
        Path file = config.resolve("manifests/bases/" + packageName + ".clusterserviceversion.yaml");
        if (!Files.isRegularFile(file)) {
            throw new BundleSourceException(file + " is missing; it holds the hand-written part of the CSV");
        }
        return (ObjectNode) yaml.readDocument(file);
    }

    Path scorecardConfig() {
        return config.resolve("scorecard/config.yaml");
    }

    private JsonNode kustomization(String component) {
        return yaml.readDocument(kustomizationFile(component));
    }

    private Path kustomizationFile(String component) {
        return config.resolve(component).resolve("kustomization.yaml");
    }

    private ObjectNode managerImageEntry(JsonNode kustomization) {
        for (JsonNode entry : kustomization.path("images")) {
            if (entry.path("name").asText().equals(MANAGER_IMAGE_NAME)) {
                return (ObjectNode) entry;
            }
        }
        throw new BundleSourceException(
                kustomizationFile("manager") + " has no images entry named " + MANAGER_IMAGE_NAME);
    }

    private String text(JsonNode node, String field, String component) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new BundleSourceException(kustomizationFile(component) + " has no " + field);
        }
        return value;
    }

    private static List<Path> yamlFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

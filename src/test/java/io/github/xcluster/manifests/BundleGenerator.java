package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.xcluster.manifests.InstallStrategy.Permissions;
import io.github.xcluster.manifests.InstallStrategy.StrategyDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the OLM bundle (bundle/ and bundle.Dockerfile) from config/ and the pom, the way
 * {@code operator-sdk generate bundle} would: the same Deployment, RBAC rules, webhooks and CRDs
 * that {@code kubectl apply -k config/default} installs, in OLM's shape. Run by {@code make bundle};
 * the same input always gives the same files.
 */
public final class BundleGenerator {
    static final List<String> CHANNELS = List.of("candidate");
    static final String DEFAULT_CHANNEL = "candidate";

    private final ConfigDirectory config;
    private final ProjectCoordinates project;
    private final BundleYaml yaml;

    BundleGenerator(ConfigDirectory config, ProjectCoordinates project, BundleYaml yaml) {
        this.config = config;
        this.project = project;
        this.yaml = yaml;
    }

    /** For a project checked out at {@code root}. */
    static BundleGenerator forProject(Path root) {
        BundleYaml yaml = new BundleYaml();
        return new BundleGenerator(
                new ConfigDirectory(root.resolve("config"), yaml),
                ProjectCoordinates.readFrom(root.resolve("pom.xml")),
                yaml);
    }

    /**
     * {@code BundleGenerator [--image IMAGE]} in the project root: with an image, first points
     * config/manager at it, then writes the bundle.
     */
    public static void main(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        if (args.length == 2 && args[0].equals("--image")) {
            new ConfigDirectory(root.resolve("config"), new BundleYaml()).setManagerImage(args[1]);
        } else if (args.length != 0) {
            throw new IllegalArgumentException("usage: BundleGenerator [--image IMAGE], got " + List.of(args));
        }
        forProject(root).writeTo(root);
    }

    /** Replaces {@code root}/bundle and writes {@code root}/bundle.Dockerfile. */
    void writeTo(Path root) {
        deleteRecursively(root.resolve("bundle"));
        files().forEach((relative, content) -> write(root.resolve(relative), content));
    }

    /** Every file of the bundle by its path relative to the project root. */
    SortedMap<String, byte[]> files() {
        String prefix = config.namePrefix();
        Deployment deployment = OlmDeployment.from(
                config.managerDeployment(),
                prefix,
                config.managerImage(),
                SupportedPlatforms.fromCsvLabels(config.csvBase(project.packageName())));
        OperatorRbac rbac = OperatorRbac.from(config.resources("rbac"), prefix, yaml);
        requireServiceAccountHasPermissions(deployment, rbac);
        List<Path> crdFiles = config.crdFiles();
        ObjectNode csv = csv(deployment, rbac, crdFiles);

        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(manifest(project.packageName() + ClusterServiceVersion.FILE_SUFFIX), utf8(yaml.toYaml(csv)));
        crdFiles.forEach(file -> files.put(manifest(file.getFileName().toString()), read(file)));
        List<SourceObject> objects = new ArrayList<>(rbac.unboundRoles());
        objects.addAll(config.resources("default"));
        for (SourceObject object : objects) {
            ObjectNode node = object.node().deepCopy();
            ObjectNode metadata = node.withObjectProperty("metadata");
            metadata.put("name", prefix + object.name());
            metadata.remove("namespace");
            files.put(manifest(objectFileName(node)), utf8(yaml.toYaml(node)));
        }
        BundleAnnotations annotations = new BundleAnnotations(
                project.packageName(),
                CHANNELS,
                DEFAULT_CHANNEL,
                OpenShiftVersions.forMinKubeVersion(
                        csv.path("spec").path("minKubeVersion").asText()));
        files.put("bundle/" + BundleAnnotations.METADATA + "annotations.yaml", utf8(annotations.annotationsYaml(yaml)));
        files.put("bundle/" + BundleAnnotations.SCORECARD + "config.yaml", read(config.scorecardConfig()));
        files.put("bundle.Dockerfile", utf8(annotations.dockerfile()));
        return files;
    }

    private ObjectNode csv(Deployment deployment, OperatorRbac rbac, List<Path> crdFiles) {
        Service webhookService =
                yaml.convert(config.single("webhook", "Service").node(), Service.class);
        List<WebhookDefinition> webhooks = WebhookDefinition.from(
                config.single("webhook", "ValidatingWebhookConfiguration"),
                config.single("webhook", "MutatingWebhookConfiguration"),
                webhookService,
                deployment,
                yaml);
        InstallStrategy install = InstallStrategy.deployment(
                rbac,
                List.of(new StrategyDeployment(
                        deployment.getMetadata().getName(),
                        deployment.getMetadata().getLabels(),
                        deployment.getSpec())));
        List<CustomResourceDefinition> crds = crdFiles.stream()
                .map(file -> yaml.convert(yaml.readDocument(file), CustomResourceDefinition.class))
                .toList();
        return ClusterServiceVersion.assemble(
                config.csvBase(project.packageName()),
                new ClusterServiceVersion.Parts(
                        project, config.managerImage(), install, webhooks, crds, config.samples(), config.namespace()),
                yaml);
    }

    private static void requireServiceAccountHasPermissions(Deployment deployment, OperatorRbac rbac) {
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        if (Stream.concat(rbac.clusterPermissions().stream(), rbac.permissions().stream())
                .map(Permissions::serviceAccountName)
                .noneMatch(account::equals)) {
            throw new BundleSourceException("config/rbac binds no role to the manager's service account " + account
                    + "; OLM would not create it");
        }
    }

    /** operator-sdk's file naming: {@code <name>_<group>_<version>_<kind>.yaml}. */
    private static String objectFileName(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText().replace('/', '_');
        String kind = object.path("kind").asText().toLowerCase(java.util.Locale.ROOT);
        return object.path("metadata").path("name").asText() + "_" + apiVersion + "_" + kind + ".yaml";
    }

    private static String manifest(String fileName) {
        return "bundle/" + BundleAnnotations.MANIFESTS + fileName;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}

package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator on a copy of this project's config/ and pom, so each test can change its inputs. */
class BundleGeneratorTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String CSV = "bundle/manifests/xcluster-operator.clusterserviceversion.yaml";

    private final BundleYaml yaml = new BundleYaml();

    @TempDir
    Path project;

    @BeforeEach
    void copyProject() throws IOException {
        copyTree(ROOT.resolve("config"), project.resolve("config"));
        Files.copy(ROOT.resolve("pom.xml"), project.resolve("pom.xml"));
    }

    @Test
    void generatingTwiceWritesTheSameFiles() throws IOException {
        BundleGenerator.forProject(project).writeTo(project);
        SortedMap<String, String> first = filesUnder(project);

        BundleGenerator.forProject(project).writeTo(project);

        assertThat(filesUnder(project)).isEqualTo(first);
    }

    @Test
    void installStrategyGrantsTheManagerRoleClusterWideAndLeasesAndSecretsInTheOperatorNamespace() {
        JsonNode install = csv().path("spec").path("install").path("spec");
        JsonNode managerRole = yaml.readDocument(project.resolve("config/rbac/role.yaml"));
        JsonNode leaderElectionRole = yaml.readDocument(project.resolve("config/rbac/leader_election_role.yaml"));
        JsonNode credentialsRole = yaml.readDocument(project.resolve("config/rbac/tenant_credentials_role.yaml"));
        List<JsonNode> namespacedRules = new ArrayList<>();
        leaderElectionRole.path("rules").forEach(namespacedRules::add);
        credentialsRole.path("rules").forEach(namespacedRules::add);

        assertThat(install.path("clusterPermissions")).hasSize(1);
        assertThat(install.path("clusterPermissions").get(0).path("rules")).isEqualTo(managerRole.path("rules"));
        assertThat(install.path("permissions")).hasSize(1);
        assertThat(install.path("permissions").get(0).path("rules")).containsExactlyElementsOf(namespacedRules);
        String account = "xcluster-operator-controller-manager";
        assertThat(install.path("clusterPermissions")
                        .get(0)
                        .path("serviceAccountName")
                        .asText())
                .isEqualTo(account);
        assertThat(install.path("permissions").get(0).path("serviceAccountName").asText())
                .isEqualTo(account);
        assertThat(install.path("deployments")
                        .get(0)
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("serviceAccountName")
                        .asText())
                .isEqualTo(account);
    }

    @Test
    void olmDeploymentWatchesTheOperatorGroupsNamespacesAndLeavesCertificatesToOlm() {
        JsonNode pod = csv().path("spec")
                .path("install")
                .path("spec")
                .path("deployments")
                .get(0)
                .path("spec")
                .path("template")
                .path("spec");
        JsonNode env = pod.path("containers").get(0).path("env");

        JsonNode watchNamespaces = null;
        for (JsonNode variable : env) {
            if (variable.path("name").asText().equals(OlmDeployment.WATCH_NAMESPACES)) {
                watchNamespaces = variable;
            }
        }
        assertThat(watchNamespaces).isNotNull();
        assertThat(watchNamespaces
                        .path("valueFrom")
                        .path("fieldRef")
                        .path("fieldPath")
                        .asText())
                .isEqualTo("metadata.annotations['olm.targetNamespaces']");
        assertThat(pod.path("volumes").findValuesAsText("name")).containsExactly("tmp", "metal-api");
    }

    @Test
    void userRolesAndTheMetricsServiceShipAsPrefixedObjectsWithoutNamespace() {
        SortedMap<String, byte[]> files = BundleGenerator.forProject(project).files();

        assertThat(files.keySet())
                .contains(
                        "bundle/manifests/xcluster-operator-xcluster-editor-role_rbac.authorization.k8s.io_v1_clusterrole.yaml",
                        "bundle/manifests/xcluster-operator-xfirewall-viewer-role_rbac.authorization.k8s.io_v1_clusterrole.yaml",
                        "bundle/manifests/xcluster-operator-controller-manager-metrics-service_v1_service.yaml")
                .noneMatch(file -> file.contains("serviceaccount") || file.contains("rolebinding"));
        String service = text(
                files.get("bundle/manifests/xcluster-operator-controller-manager-metrics-service_v1_service.yaml"));
        assertThat(service).doesNotContain("namespace:");
    }

    @Test
    void anImageGivenToTheGeneratorReachesKustomizeAndTheCsv() throws IOException {
        ConfigDirectory config = new ConfigDirectory(project.resolve("config"), yaml);

        config.setManagerImage("registry.example:5000/team/xcluster-operator:1.2.3");

        assertThat(Files.readString(project.resolve("config/manager/kustomization.yaml")))
                .contains("newName: registry.example:5000/team/xcluster-operator", "newTag: 1.2.3");
        JsonNode csv = csv();
        assertThat(csv.path("metadata")
                        .path("annotations")
                        .path("containerImage")
                        .asText())
                .isEqualTo("registry.example:5000/team/xcluster-operator:1.2.3");
        assertThat(csv.findValuesAsText("image")).contains("registry.example:5000/team/xcluster-operator:1.2.3");
    }

    @Test
    void theImageAlreadyConfiguredLeavesTheKustomizationByteForByte() throws IOException {
        Path kustomization = project.resolve("config/manager/kustomization.yaml");
        String before = Files.readString(kustomization);
        ConfigDirectory config = new ConfigDirectory(project.resolve("config"), yaml);

        config.setManagerImage(config.managerImage().reference());

        assertThat(Files.readString(kustomization)).isEqualTo(before);
    }

    @Test
    void aCrdTheCsvBaseDoesNotDescribeIsNamedInTheError() throws IOException {
        Path bases = project.resolve("config/crd/bases");
        String xfirewalls = Files.readString(bases.resolve("cluster.www.x-cellent.com_xfirewalls.yaml"));
        Files.writeString(
                bases.resolve("cluster.www.x-cellent.com_xrouters.yaml"),
                xfirewalls.replace("xfirewalls.cluster", "xrouters.cluster"));

        assertThatThrownBy(() -> BundleGenerator.forProject(project).files())
                .isInstanceOf(BundleSourceException.class)
                .hasMessageContaining("no owned entry for the CRD xrouters.cluster.www.x-cellent.com");
    }

    @Test
    void examplesAreTheConfigSamplesWithoutTheirNamespace() throws IOException {
        deleteTree(project.resolve("config/samples"));
        Files.createDirectories(project.resolve("config/samples"));
        Files.writeString(project.resolve("config/samples/cluster_v1_xcluster.yaml"), """
        apiVersion: cluster.www.x-cellent.com/v1
        kind: XCluster
        metadata:
          name: from-samples
          namespace: default
        spec:
          partition: mini-lab
          projectID: 00000000-0000-0000-0000-000000000000
        """);

        JsonNode examples = yaml.parse(
                csv().path("metadata").path("annotations").path("alm-examples").asText());

        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).path("metadata").path("name").asText()).isEqualTo("from-samples");
        assertThat(examples.get(0).path("metadata").has("namespace")).isFalse();
        assertThat(examples.get(0).path("spec").path("partition").asText()).isEqualTo("mini-lab");
    }

    @Test
    void withoutSamplesTheErrorSaysWhatTheyAreFor() throws IOException {
        deleteTree(project.resolve("config/samples"));

        assertThatThrownBy(() -> BundleGenerator.forProject(project).files())
                .isInstanceOf(BundleSourceException.class)
                .hasMessage("config/samples holds no sample resource; the CSV's alm-examples are made of them");
    }

    @Test
    void bundleImageLabelsEqualTheMetadataAnnotations() {
        SortedMap<String, byte[]> files = BundleGenerator.forProject(project).files();
        JsonNode annotations =
                yaml.parse(text(files.get("bundle/metadata/annotations.yaml"))).path("annotations");
        String dockerfile = text(files.get("bundle.Dockerfile"));

        Map<String, String> labels = new TreeMap<>();
        dockerfile
                .lines()
                .filter(line -> line.startsWith("LABEL "))
                .map(line -> line.substring(6).split("=", 2))
                .forEach(label -> labels.put(label[0], label[1]));
        Map<String, String> expected = new TreeMap<>();
        annotations
                .fields()
                .forEachRemaining(
                        entry -> expected.put(entry.getKey(), entry.getValue().asText()));

        assertThat(labels)
                .isEqualTo(expected)
                .containsEntry("operators.operatorframework.io.bundle.package.v1", "xcluster-operator");
    }

    private JsonNode csv() {
        return yaml.parse(text(BundleGenerator.forProject(project).files().get(CSV)));
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static SortedMap<String, String> filesUnder(Path root) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root.resolve("bundle"))) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        files.put("bundle.Dockerfile", Files.readString(root.resolve("bundle.Dockerfile")));
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

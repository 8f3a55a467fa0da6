package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.CapiBinaries;
import io.github.xcluster.dev.ClusterApiModule;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.testing.Clusterctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clusterctl (hack/capi.sh) installs and uses the provider metal-stack from the local repository of
 * dist/clusterctl, offline, as a user's clusterctl config file names it; what it generates for a cluster is accepted
 * by a real API server holding Cluster API's CRDs and ours (server-side dry run: Cluster API's webhooks are not
 * needed for it).
 */
class ClusterctlLocalRepositoryTest {
    private static final BundleYaml YAML = new BundleYaml();
    private static final String NAMESPACE = "xcluster-operator-system";
    private static final String CLUSTER_NAMESPACE = "capi-clusters";
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleBinding",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration");
    private static final Map<String, String> METAL_API =
            Map.of("METAL_API_URL", "http://metal.203.0.113.1.nip.io:8080/metal", "METAL_API_HMAC", "not-a-real-key");
    private static final Map<String, String> CLUSTER_VALUES = Map.of(
            "METAL_PROJECT_ID", "00000000-0000-0000-0000-000000000000",
            "METAL_PARTITION", "vagrant",
            "CONTROL_PLANE_MACHINE_SIZE", "v1-small-x86",
            "CONTROL_PLANE_MACHINE_IMAGE", "ubuntu-24.04",
            "WORKER_MACHINE_SIZE", "v1-medium-x86",
            "WORKER_MACHINE_IMAGE", "ubuntu-24.04",
            "FIREWALL_MACHINE_IMAGE", "firewall-ubuntu-3.0",
            "FIREWALL_MACHINE_SIZE", "c1-xlarge-x86");

    @TempDir
    static Path work;

    private static Clusterctl clusterctl;
    private static Path config;
    private static Path clusterTemplate;
    private static LocalApiServer server;

    @BeforeAll
    static void setUp() throws IOException, InterruptedException {
        CapiBinaries capi = CapiBinaries.build(System.getenv());
        Path home = Files.createDirectories(work.resolve("home"));
        clusterctl = new Clusterctl(capi.clusterctl(), home);
        Path release = ClusterctlRepository.DIRECTORY
                .resolve(ClusterctlRepository.releaseDirectory())
                .toAbsolutePath();
        clusterTemplate = release.resolve(ClusterctlRepository.CLUSTER_TEMPLATE);
        config = work.resolve("clusterctl.yaml");
        Files.writeString(
                config, """
                providers:
                - name: %s
                  type: InfrastructureProvider
                  url: file://%s
                """.formatted(ClusterctlRepository.PROVIDER, release.resolve(ClusterctlRepository.COMPONENTS)));

        server = LocalApiServer.start(work.resolve("apiserver"), System.getenv());
        try (KubernetesClient client = server.newClient()) {
            ClusterApiModule.install(client, capi);
            CrdInstaller.install(client, Path.of("config/crd/bases"));
        }
        assertSucceeded(server.kubectl().run("create", "namespace", CLUSTER_NAMESPACE));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void generateProviderPutsTheMetalApiSettingsIntoTheOneNamespaceAndLabelsEveryObject() {
        List<JsonNode> objects = generateProvider(METAL_API);

        assertThat(objects)
                .filteredOn(object -> kind(object).equals("Namespace"))
                .extracting(ClusterctlLocalRepositoryTest::name)
                .containsExactly(NAMESPACE);
        assertThat(objects)
                .filteredOn(object -> !CLUSTER_SCOPED.contains(kind(object)))
                .allSatisfy(object -> assertThat(
                                object.path("metadata").path("namespace").asText())
                        .as("namespace of %s %s", kind(object), name(object))
                        .isEqualTo(NAMESPACE));
        assertThat(objects)
                .allSatisfy(object -> assertThat(object.path("metadata")
                                .path("labels")
                                .path("cluster.x-k8s.io/provider")
                                .asText())
                        .as("provider label of %s %s", kind(object), name(object))
                        .isEqualTo("infrastructure-" + ClusterctlRepository.PROVIDER));

        JsonNode secret = single(objects, "Secret", "metal-api").path("stringData");
        assertThat(secret.path("url").asText()).isEqualTo(METAL_API.get("METAL_API_URL"));
        assertThat(secret.path("hmac").asText()).isEqualTo(METAL_API.get("METAL_API_HMAC"));
        assertThat(managerEnv(objects))
                .containsEntry("METAL_API_HMAC_AUTH_TYPE", "Metal-Admin")
                .containsEntry("METAL_API_ALLOW_HTTP", "false");
    }

    @Test
    void generateProviderTakesAnotherHmacAuthTypeAndPlainHttp() {
        Map<String, String> variables = new HashMap<>(METAL_API);
        variables.put("METAL_API_HMAC_AUTH_TYPE", "Metal-Edit");
        variables.put("METAL_API_ALLOW_HTTP", "true");

        assertThat(managerEnv(generateProvider(variables)))
                .containsEntry("METAL_API_HMAC_AUTH_TYPE", "Metal-Edit")
                .containsEntry("METAL_API_ALLOW_HTTP", "true");
    }

    /** drone/envsubst must pass the {@code $} of the CRDs' patterns and CEL rules, and every other text, unchanged. */
    @Test
    void generateProviderLeavesEveryTextOfTheCrdsAsGenerated() {
        Map<String, List<String>> shipped = new TreeMap<>();
        for (Path file : new ConfigDirectory(Path.of("config"), YAML).crdFiles()) {
            JsonNode crd = YAML.readDocument(file);
            shipped.put(name(crd), sortedTexts(crd));
        }
        Map<String, List<String>> installed = new TreeMap<>();
        generateProvider(METAL_API).stream()
                .filter(object -> kind(object).equals("CustomResourceDefinition"))
                .forEach(crd -> installed.put(name(crd), sortedTexts(crd)));

        assertThat(shipped.values()).anySatisfy(texts -> assertThat(texts).anyMatch(text -> text.endsWith("$")));
        assertThat(installed).isEqualTo(shipped);
    }

    @Test
    void generateProviderWithoutTheMetalApiSettingsFailsNamingThem() {
        Clusterctl.Result result = clusterctl.run(
                Map.of(), "generate", "provider", "--infrastructure", providerVersion(), "--config", config.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("value for variables [METAL_API_HMAC, METAL_API_URL] is not set");
    }

    @Test
    void theClusterTemplateListsExactlyItsVariables() {
        Clusterctl.Result result = clusterctl.run(
                Map.of(),
                "generate",
                "cluster",
                "demo",
                "--from",
                clusterTemplate.toString(),
                "--target-namespace",
                CLUSTER_NAMESPACE,
                "--list-variables",
                "--config",
                config.toString());
        assertSucceeded(result);

        assertThat(section(result.stdout(), "Required Variables:"))
                .containsExactly(
                        "CONTROL_PLANE_MACHINE_IMAGE",
                        "CONTROL_PLANE_MACHINE_SIZE",
                        "FIREWALL_MACHINE_IMAGE",
                        "FIREWALL_MACHINE_SIZE",
                        "KUBERNETES_VERSION",
                        "METAL_PARTITION",
                        "METAL_PROJECT_ID",
                        "WORKER_MACHINE_IMAGE",
                        "WORKER_MACHINE_SIZE");
        assertThat(section(result.stdout(), "Optional Variables:"))
                .containsExactly(
                        "CLUSTER_NAME",
                        "CONTROL_PLANE_IP",
                        "CONTROL_PLANE_MACHINE_COUNT",
                        "FIREWALL_EXTERNAL_NETWORKS",
                        "METAL_NODE_NETWORK_ID",
                        "NAMESPACE",
                        "POD_CIDR",
                        "WORKER_MACHINE_COUNT");
    }

    /** clusterctl fills in a missing namespace, but a template applied with envsubst alone keeps it missing. */
    @Test
    void everyObjectOfTheClusterTemplateNamesTheNamespaceVariable() {
        List<JsonNode> objects = YAML.readDocuments(clusterTemplate);

        assertThat(objects).hasSize(9);
        assertThat(objects)
                .allSatisfy(object -> assertThat(
                                object.path("metadata").path("namespace").asText())
                        .as("namespace of %s %s", kind(object), name(object))
                        .isEqualTo("${NAMESPACE}"));
    }

    @Test
    void aGeneratedClusterHasTheExpectedObjectsAndTheServerAcceptsThem() {
        List<JsonNode> objects = generateCluster(CLUSTER_VALUES);

        assertThat(objects)
                .extracting(object -> object.path("apiVersion").asText() + " " + kind(object) + " " + name(object))
                .containsExactly(
                        "cluster.x-k8s.io/v1beta2 Cluster demo",
                        "infrastructure.cluster.x-k8s.io/v1alpha1 MetalStackCluster demo",
                        "infrastructure.cluster.x-k8s.io/v1alpha1 MetalStackFirewallDeployment demo",
                        "infrastructure.cluster.x-k8s.io/v1alpha1 MetalStackFirewallTemplate demo",
                        "infrastructure.cluster.x-k8s.io/v1alpha1 MetalStackMachineTemplate demo-controlplane",
                        "infrastructure.cluster.x-k8s.io/v1alpha1 MetalStackMachineTemplate demo-worker",
                        "controlplane.cluster.x-k8s.io/v1beta2 KubeadmControlPlane demo-controlplane",
                        "cluster.x-k8s.io/v1beta2 MachineDeployment demo-md-0",
                        "bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate demo-md-0");
        assertThat(objects)
                .allSatisfy(object -> assertThat(
                                object.path("metadata").path("namespace").asText())
                        .as("namespace of %s %s", kind(object), name(object))
                        .isEqualTo(CLUSTER_NAMESPACE));
        assertThat(single(objects, "KubeadmControlPlane", "demo-controlplane")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .isEqualTo(3);
        assertThat(single(objects, "MachineDeployment", "demo-md-0")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .isEqualTo(2);

        List<JsonNode> accepted = serverDryRun(objects);
        assertThat(accepted).hasSameSizeAs(objects);
        JsonNode cluster = single(accepted, "MetalStackCluster", "demo").path("spec");
        assertThat(cluster.path("projectID").asText()).isEqualTo(CLUSTER_VALUES.get("METAL_PROJECT_ID"));
        assertThat(cluster.path("partition").asText()).isEqualTo("vagrant");
        assertThat(cluster.has("nodeNetworkID")).as("nodeNetworkID left unset").isFalse();
        assertThat(cluster.has("controlPlaneIP"))
                .as("controlPlaneIP left unset")
                .isFalse();
        assertThat(single(accepted, "MetalStackMachineTemplate", "demo-worker")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("size")
                        .asText())
                .isEqualTo("v1-medium-x86");
    }

    @Test
    void aGivenNodeNetworkAndControlPlaneAddressReachTheMetalStackCluster() {
        Map<String, String> values = new HashMap<>(CLUSTER_VALUES);
        values.put("METAL_NODE_NETWORK_ID", "e0ab7a2c-1ba4-4c3e-9c0e-1e9b8e1fb2a1");
        values.put("CONTROL_PLANE_IP", "203.0.113.130");

        JsonNode cluster = single(serverDryRun(generateCluster(values)), "MetalStackCluster", "demo")
                .path("spec");

        assertThat(cluster.path("nodeNetworkID").asText()).isEqualTo("e0ab7a2c-1ba4-4c3e-9c0e-1e9b8e1fb2a1");
        assertThat(cluster.path("controlPlaneIP").asText()).isEqualTo("203.0.113.130");
    }

    private static List<JsonNode> generateProvider(Map<String, String> variables) {
        Clusterctl.Result result = clusterctl.run(
                variables,
                "generate",
                "provider",
                "--infrastructure",
                providerVersion(),
                "--config",
                config.toString());
        assertSucceeded(result);
        return YAML.parseDocuments(result.stdout());
    }

    private static List<JsonNode> generateCluster(Map<String, String> values) {
        Clusterctl.Result result = clusterctl.run(
                values,
                "generate",
                "cluster",
                "demo",
                "--from",
                clusterTemplate.toString(),
                "--kubernetes-version",
                "v1.34.4",
                "--control-plane-machine-count",
                "3",
                "--worker-machine-count",
                "2",
                "--target-namespace",
                CLUSTER_NAMESPACE,
                "--config",
                config.toString());
        assertSucceeded(result);
        return YAML.parseDocuments(result.stdout());
    }

    /** The objects as the API server would store them. */
    private static List<JsonNode> serverDryRun(List<JsonNode> objects) {
        StringBuilder manifest = new StringBuilder();
        objects.forEach(object -> manifest.append("---\n").append(YAML.toYaml(object)));
        Kubectl.Result applied = server.kubectl()
                .runWithInput(manifest.toString(), "apply", "--dry-run=server", "-o", "json", "-f", "-");
        assertThat(applied.succeeded())
                .as("kubectl apply --dry-run=server: %s", applied.stderr())
                .isTrue();
        List<JsonNode> accepted = new ArrayList<>();
        YAML.parse(applied.stdout()).path("items").forEach(accepted::add);
        return accepted;
    }

    private static String providerVersion() {
        return ClusterctlRepository.PROVIDER + ":"
                + ClusterctlRepository.releaseDirectory().getFileName();
    }

    private static Map<String, String> managerEnv(List<JsonNode> objects) {
        JsonNode deployment = objects.stream()
                .filter(object -> kind(object).equals("Deployment"))
                .findFirst()
                .orElseThrow();
        Map<String, String> env = new HashMap<>();
        for (JsonNode container :
                deployment.path("spec").path("template").path("spec").path("containers")) {
            if (container.path("name").asText().equals("manager")) {
                container
                        .path("env")
                        .forEach(variable -> env.put(
                                variable.path("name").asText(),
                                variable.path("value").asText()));
            }
        }
        assertThat(env).as("env of the container named manager").isNotEmpty();
        return env;
    }

    /**
     * Every string of a CRD's spec, sorted, since clusterctl writes the fields in another order; numbers and field
     * names are left out, since it writes 65535.0 as 65535 and drops zero values such as {@code priority: 0}.
     */
    private static List<String> sortedTexts(JsonNode crd) {
        return texts(crd.path("spec")).stream().sorted().toList();
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> texts.addAll(texts(child)));
        return texts;
    }

    /** The names listed as "  - NAME   (defaults to ...)" under a heading of --list-variables. */
    private static List<String> section(String output, String heading) {
        List<String> names = new ArrayList<>();
        boolean inside = false;
        for (String line : output.lines().toList()) {
            if (line.equals(heading)) {
                inside = true;
            } else if (inside && line.startsWith("  - ")) {
                names.add(line.substring(4).trim().split("\\s+")[0]);
            } else if (inside) {
                break;
            }
        }
        return names;
    }

    private static JsonNode single(List<JsonNode> objects, String kind, String name) {
        List<JsonNode> found = objects.stream()
                .filter(object -> kind(object).equals(kind) && name(object).equals(name))
                .toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static String kind(JsonNode object) {
        return object.path("kind").asText();
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static void assertSucceeded(Clusterctl.Result result) {
        assertThat(result.succeeded()).as("clusterctl: %s", result.stderr()).isTrue();
    }

    private static void assertSucceeded(Kubectl.Result result) {
        assertThat(result.succeeded()).as("kubectl: %s", result.stderr()).isTrue();
    }
}

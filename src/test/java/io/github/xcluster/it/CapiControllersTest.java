package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.CapiControllers;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Cluster API controllers beside a real kube-apiserver, with our CRDs installed and the infrastructure
 * provider played by hand (kubectl patch), so nothing of our operator takes part: what CAPI does with
 * MetalStackCluster and MetalStackMachine once they report what the contract asks for.
 */
class CapiControllersTest {
    private static final Path WORK_DIR = Path.of("target/capi-world").toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CLUSTERS = "cluster.x-k8s.io/v1beta2";

    private static LocalApiServer apiServer;
    private static KubernetesClient client;
    private static CapiControllers capi;
    private static Kubectl kubectl;

    @BeforeAll
    static void startTheControllers() {
        apiServer = LocalApiServer.start(WORK_DIR, System.getenv());
        client = apiServer.newClient();
        kubectl = apiServer.kubectl();
        CrdInstaller.install(client, Path.of("config/crd/bases"));
        capi = CapiControllers.start(client, apiServer.kubeconfig(), WORK_DIR.resolve("capi"), System.getenv());
    }

    @AfterAll
    static void stopEverything() {
        if (capi != null) {
            capi.close();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theThreeControllersAnswerReadyzAndClusterctlIsTheBuiltVersion() throws Exception {
        assertThat(capi.controllers())
                .extracting(CapiControllers.Controller::name)
                .containsExactly("core", "kubeadm-bootstrap", "kubeadm-control-plane");
        HttpClient http = HttpClient.newHttpClient();
        for (CapiControllers.Controller controller : capi.controllers()) {
            assertThat(controller.process().isAlive()).as(controller.name()).isTrue();
            HttpResponse<String> readyz = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.healthPort() + "/readyz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(readyz.statusCode()).as(controller.name()).isEqualTo(200);
        }
        Process version = new ProcessBuilder(capi.clusterctl().toString(), "version", "-o", "short")
                .redirectErrorStream(true)
                .start();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.waitFor()).isZero();
        assertThat(printed.strip()).isEqualTo("v1.14.2");
    }

    @Test
    void kubeadmCrdsCarryTheContractLabelsAndConvertThroughTheirOwnController() {
        CustomResourceDefinition kubeadmConfigs = crd("kubeadmconfigs.bootstrap.cluster.x-k8s.io");
        assertThat(kubeadmConfigs.getMetadata().getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta1", "v1beta1")
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1beta2");
        assertThat(crd("kubeadmcontrolplanes.controlplane.cluster.x-k8s.io")
                        .getMetadata()
                        .getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1beta2");
        assertThat(kubeadmConfigs
                        .getSpec()
                        .getConversion()
                        .getWebhook()
                        .getClientConfig()
                        .getUrl())
                .isEqualTo(
                        "https://127.0.0.1:" + controller("kubeadm-bootstrap").webhookPort() + "/convert");
        assertThat(crd("clusters.cluster.x-k8s.io")
                        .getSpec()
                        .getConversion()
                        .getWebhook()
                        .getClientConfig()
                        .getUrl())
                .isEqualTo("https://127.0.0.1:" + controller("core").webhookPort() + "/convert");
    }

    @Test
    void eachComponentsWebhookConfigurationsHaveItsOwnNameAndCallItsOwnPort() {
        Map<String, String> prefixes = Map.of(
                "core", "capi-",
                "kubeadm-bootstrap", "capi-kubeadm-bootstrap-",
                "kubeadm-control-plane", "capi-kubeadm-control-plane-");
        prefixes.forEach((component, prefix) -> {
            String url = "https://127.0.0.1:" + controller(component).webhookPort() + "/";
            var validating = client.admissionRegistration()
                    .v1()
                    .validatingWebhookConfigurations()
                    .withName(prefix + "validating-webhook-configuration")
                    .get();
            var mutating = client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(prefix + "mutating-webhook-configuration")
                    .get();
            assertThat(validating.getWebhooks())
                    .as(component)
                    .isNotEmpty()
                    .allSatisfy(webhook ->
                            assertThat(webhook.getClientConfig().getUrl()).startsWith(url));
            assertThat(mutating.getWebhooks())
                    .as(component)
                    .isNotEmpty()
                    .allSatisfy(webhook ->
                            assertThat(webhook.getClientConfig().getUrl()).startsWith(url));
        });
    }

    @Test
    void aClusterStoredAsV1beta2ReadsAsV1beta1ThroughCoresConversionWebhook() {
        String namespace = SharedWorld.newNamespace(client, "capi-convert");
        apply(namespace, metalStackCluster("converted") + cluster("converted"));

        GenericKubernetesResource v1beta1 = client.genericKubernetesResources("cluster.x-k8s.io/v1beta1", "Cluster")
                .inNamespace(namespace)
                .withName("converted")
                .get();

        assertThat(v1beta1.getApiVersion()).isEqualTo("cluster.x-k8s.io/v1beta1");
        assertThat(field(v1beta1, "spec", "infrastructureRef"))
                .containsEntry("apiVersion", "infrastructure.cluster.x-k8s.io/v1alpha1")
                .containsEntry("kind", "MetalStackCluster")
                .containsEntry("namespace", namespace);
    }

    @Test
    void aClusterWithHandPlayedInfrastructureGetsBootstrapDataAndAProvisionedMachine() {
        String namespace = SharedWorld.newNamespace(client, "capi-flow");
        apply(namespace, metalStackCluster("flow") + cluster("flow"));
        patch(
                namespace,
                "metalstackcluster/flow",
                "{\"spec\":{\"controlPlaneEndpoint\":{\"host\":\"203.0.113.10\",\"port\":443}}}");
        patchStatus(namespace, "metalstackcluster/flow", "{\"status\":{\"initialization\":{\"provisioned\":true}}}");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(field(clusterResource(namespace, "flow"), "status", "initialization"))
                        .containsEntry("infrastructureProvisioned", true));
        assertThat(field(clusterResource(namespace, "flow"), "spec", "controlPlaneEndpoint"))
                .containsEntry("host", "203.0.113.10")
                .containsEntry("port", 443);

        apply(namespace, """
                apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
                kind: KubeadmConfig
                metadata:
                  name: flow-control-plane
                spec:
                  format: ignition
                ---
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackMachine
                metadata:
                  name: flow-control-plane
                spec:
                  image: ubuntu-24.04
                  size: v1-small-x86
                ---
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Machine
                metadata:
                  name: flow-control-plane
                  labels:
                    cluster.x-k8s.io/cluster-name: flow
                    cluster.x-k8s.io/control-plane: ""
                spec:
                  clusterName: flow
                  version: v1.34.4
                  bootstrap:
                    configRef:
                      apiGroup: bootstrap.cluster.x-k8s.io
                      kind: KubeadmConfig
                      name: flow-control-plane
                  infrastructureRef:
                    apiGroup: infrastructure.cluster.x-k8s.io
                    kind: MetalStackMachine
                    name: flow-control-plane
                """);

        String dataSecretName = await().atMost(PATIENCE)
                .until(
                        () -> (String)
                                field(machine(namespace), "spec", "bootstrap").get("dataSecretName"),
                        name -> name != null);
        Secret bootstrapData =
                client.secrets().inNamespace(namespace).withName(dataSecretName).get();
        assertThat(decoded(bootstrapData, "format")).isEqualTo("ignition");
        assertThat(decoded(bootstrapData, "value")).startsWith("{").contains("\"ignition\"");
        assertThat(field(machine(namespace), "status")).doesNotContainEntry("phase", "Provisioned");

        String providerId = "metal://vagrant/00000000-0000-0000-0000-0000000000a1";
        patch(namespace, "metalstackmachine/flow-control-plane", "{\"spec\":{\"providerID\":\"" + providerId + "\"}}");
        patchStatus(namespace, "metalstackmachine/flow-control-plane", """
                {"status":{"initialization":{"provisioned":true},\
                "addresses":[{"type":"InternalIP","address":"10.0.0.5"}]}}""");

        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(field(machine(namespace), "status")).containsEntry("phase", "Provisioned"));
        assertThat(field(machine(namespace), "spec")).containsEntry("providerID", providerId);
        assertThat(machine(namespace).get("status").toString()).contains("10.0.0.5");
    }

    @Test
    void capisValidatingWebhookRefusesAClusterWithAnInvalidTopology() {
        String namespace = SharedWorld.newNamespace(client, "capi-refuse");
        Kubectl.Result refused = kubectl.runWithInput("""
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: refused
                spec:
                  topology:
                    classRef:
                      name: no-such-class
                    version: "1.34.4"
                """, "apply", "-n", namespace, "-f", "-");

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr())
                .as("the words of core's Cluster webhook, which the CRD schema does not know")
                .contains("spec.topology: Forbidden: can be set only if the ClusterTopology feature flag is enabled");
        assertThat(client.genericKubernetesResources(CLUSTERS, "Cluster")
                        .inNamespace(namespace)
                        .withName("refused")
                        .get())
                .isNull();
    }

    private static String metalStackCluster(String name) {
        return """
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackCluster
                metadata:
                  name: %s
                spec:
                  partition: vagrant
                  projectID: 00000000-0000-0000-0000-000000000000
                ---
                """.formatted(name);
    }

    private static String cluster(String name) {
        return """
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  infrastructureRef:
                    apiGroup: infrastructure.cluster.x-k8s.io
                    kind: MetalStackCluster
                    name: %s
                """.formatted(name, name);
    }

    private static void apply(String namespace, String yaml) {
        assertSucceeded(kubectl.runWithInput(yaml, "apply", "-n", namespace, "-f", "-"));
    }

    private static void patch(String namespace, String object, String mergePatch) {
        assertSucceeded(kubectl.run("patch", object, "-n", namespace, "--type=merge", "-p", mergePatch));
    }

    private static void patchStatus(String namespace, String object, String mergePatch) {
        assertSucceeded(kubectl.run(
                "patch", object, "-n", namespace, "--subresource=status", "--type=merge", "-p", mergePatch));
    }

    private static void assertSucceeded(Kubectl.Result result) {
        assertThat(result.succeeded()).as(result.stderr()).isTrue();
    }

    private static GenericKubernetesResource clusterResource(String namespace, String name) {
        return client.genericKubernetesResources(CLUSTERS, "Cluster")
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static Map<String, Object> machine(String namespace) {
        return client.genericKubernetesResources(CLUSTERS, "Machine")
                .inNamespace(namespace)
                .withName("flow-control-plane")
                .get()
                .getAdditionalProperties();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(GenericKubernetesResource resource, String... path) {
        return field(resource.getAdditionalProperties(), path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> object, String... path) {
        Map<String, Object> current = object;
        for (String key : path) {
            current = (Map<String, Object>) current.getOrDefault(key, Map.of());
        }
        return current;
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static CustomResourceDefinition crd(String name) {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(name)
                .get();
    }

    private static CapiControllers.Controller controller(String name) {
        return capi.controllers().stream()
                .filter(controller -> controller.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}

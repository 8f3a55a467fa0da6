package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.testing.GoToolchain;
import io.github.xcluster.testing.HelmChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** {@code helm lint} accepts the chart, and each value reaches the objects it is for. */
class ChartValuesTest {
    private static final BundleYaml YAML = new BundleYaml();
    private static final List<String> VALUE_SETS = valueSets();

    private static HelmChart helm;

    @BeforeAll
    static void helm() {
        assumeTrue(GoToolchain.installed(), "go is not installed; hack/helm.sh builds helm with Go");
        helm = new HelmChart(KubeBinaries.pinned(System.getenv()).version());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("VALUE_SETS")
    void helmLintStrictAcceptsTheChart(String valueSet) {
        HelmChart.Result lint = helm.lint(valuesFiles(valueSet));

        assertThat(lint.succeeded())
                .as("helm lint --strict:%n%s%s", lint.stdout(), lint.stderr())
                .isTrue();
        assertThat(lint.stdout())
                .contains("1 chart(s) linted, 0 chart(s) failed")
                .doesNotContain("[WARNING]");
    }

    @Test
    void everyOptionReachesTheObjectsItIsFor() {
        String rendered = helm.rendered(List.of(HelmChart.ciValues("every-option")));
        Map<String, JsonNode> objects = byKind(rendered);

        JsonNode deployment = objects.get("Deployment").path("spec");
        JsonNode container =
                deployment.path("template").path("spec").path("containers").path(0);
        assertThat(deployment.path("replicas").asInt()).isEqualTo(2);
        assertThat(container.path("image").asText()).isEqualTo("registry.example/metal/xcluster-operator:9.9.9");
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isEqualTo("768Mi");
        assertThat(env(container, "WATCH_NAMESPACES").path("value").asText()).isEqualTo("team-a,team-b");
        assertThat(env(container, "LEADER_ELECTION").path("value").asText()).isEqualTo("true");
        assertThat(env(container, "METAL_API_HMAC_AUTH_TYPE").path("value").asText())
                .isEqualTo("Metal-Edit");
        assertThat(secretsOtherThanTheCertificates(rendered, objects))
                .as("the Secrets the pod reads, but the certificates'")
                .isNotEmpty()
                .containsOnly("metal-api-production");

        JsonNode monitor = objects.get("ServiceMonitor");
        assertThat(monitor.path("metadata").path("labels").path("release").asText())
                .isEqualTo("prometheus");
        assertThat(monitor.path("spec")
                        .path("endpoints")
                        .path(0)
                        .path("interval")
                        .asText())
                .isEqualTo("15s");
        JsonNode metricsService = YAML.parseDocuments(rendered).stream()
                .filter(object -> object.path("metadata")
                        .path("name")
                        .asText()
                        .equals("xcluster-operator-controller-manager-metrics-service"))
                .findFirst()
                .orElseThrow();
        monitor.path("spec")
                .path("selector")
                .path("matchLabels")
                .properties()
                .forEach(label -> assertThat(
                                metricsService.path("metadata").path("labels").path(label.getKey()))
                        .as("the metrics Service's label %s", label.getKey())
                        .isEqualTo(label.getValue()));
        JsonNode policy = objects.get("NetworkPolicy").path("spec");
        assertThat(policy.path("podSelector").path("matchLabels"))
                .isEqualTo(deployment.path("template").path("metadata").path("labels"));
        assertThat(policy.path("ingress").path(1).path("from").path(0).path("namespaceSelector"))
                .isEqualTo(YAML.parse("matchLabels: {kubernetes.io/metadata.name: monitoring}"));
    }

    @Test
    void aProvidedSecretReplacesCertManager() {
        Path values = HelmChart.ciValues("provided-secret");
        String caBundle =
                YAML.readDocument(values).path("webhook").path("caBundle").asText();
        Map<String, JsonNode> objects = byKind(helm.rendered(List.of(values)));

        assertThat(objects).doesNotContainKeys("Issuer", "Certificate");
        JsonNode volumes = objects.get("Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("volumes");
        assertThat(volumes.findValuesAsText("secretName"))
                .as("the provided webhook Secret, beside the metal-api Secret")
                .containsExactly("xcluster-operator-webhook-tls", "metal-api");
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode configuration = objects.get(kind);
            assertThat(configuration.path("metadata").path("annotations").isMissingNode())
                    .as(kind)
                    .isTrue();
            assertThat(configuration.path("webhooks").findValuesAsText("caBundle"))
                    .as(kind)
                    .hasSize(configuration.path("webhooks").size())
                    .containsOnly(caBundle);
        }
    }

    @Test
    void withoutCertManagerACaBundleIsRequired(@TempDir Path work) throws IOException {
        HelmChart.Result result = helm.template(List.of(values(work, "webhook: {certManager: {enabled: false}}")));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("webhook.caBundle is required when webhook.certManager.enabled is false");
    }

    @Test
    void severalReplicasNeedLeaderElection(@TempDir Path work) throws IOException {
        HelmChart.Result result = helm.template(List.of(values(work, "replicas: 3\nleaderElection: {enabled: false}")));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("replicas > 1 needs leaderElection.enabled");
    }

    @Test
    void chartVersionsAreTheProjectVersion() {
        JsonNode chart = YAML.readDocument(HelmChart.directory().resolve("Chart.yaml"));
        String version = ProjectCoordinates.readFrom(Path.of("pom.xml")).version();

        assertThat(chart.path("version").asText()).isEqualTo(version);
        assertThat(chart.path("appVersion").asText()).isEqualTo(version);
    }

    private static List<Path> valuesFiles(String valueSet) {
        return valueSet.equals("default") ? List.of() : List.of(HelmChart.ciValues(valueSet));
    }

    private static List<String> valueSets() {
        List<String> sets = new ArrayList<>(List.of("default"));
        sets.addAll(HelmChart.ciValueSets());
        return sets;
    }

    private static Path values(Path directory, String yaml) throws IOException {
        return Files.writeString(directory.resolve("values.yaml"), yaml);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("the manager container has no env " + name);
    }

    /** Every Secret name in the pod's env references and volumes, without the certificates' Secrets. */
    private static List<String> secretsOtherThanTheCertificates(String rendered, Map<String, JsonNode> objects) {
        List<String> certificateSecrets = YAML.parseDocuments(rendered).stream()
                .filter(object -> object.path("kind").asText().equals("Certificate"))
                .map(certificate -> certificate.path("spec").path("secretName").asText())
                .toList();
        assertThat(certificateSecrets).hasSize(2);
        JsonNode pod = objects.get("Deployment").path("spec").path("template").path("spec");
        List<String> names = new ArrayList<>();
        pod.path("containers")
                .findValues("secretKeyRef")
                .forEach(reference -> names.add(reference.path("name").asText()));
        names.addAll(pod.path("volumes").findValuesAsText("secretName"));
        names.removeAll(certificateSecrets);
        return names;
    }

    /** The rendered objects by kind; the kinds asked for here occur once each. */
    private static Map<String, JsonNode> byKind(String rendered) {
        Map<String, JsonNode> objects = new TreeMap<>();
        YAML.parseDocuments(rendered)
                .forEach(object -> objects.put(object.path("kind").asText(), object));
        return objects;
    }
}

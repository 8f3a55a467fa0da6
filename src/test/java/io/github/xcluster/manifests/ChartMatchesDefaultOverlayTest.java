package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.testing.GoToolchain;
import io.github.xcluster.testing.HelmChart;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart with its default values, rendered as release {@value HelmChart#RELEASE} in {@value
 * HelmChart#NAMESPACE}, makes the objects config/default makes, under the same names and with the
 * same content. They may differ only in labels (and so selectors), in the serving certificate's
 * Secret name (the chart prefixes it with the release) and in the Certificate's subject.
 */
class ChartMatchesDefaultOverlayTest {
    private static final BundleYaml YAML = new BundleYaml();
    private static final Set<String> RBAC_KINDS = Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
    private static final List<String> WEBHOOK_KINDS =
            List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    /** Volumes of cert-manager's Secrets, which the chart names after the release. */
    private static final Set<String> CERTIFICATE_VOLUMES = Set.of("webhook-certs", "metrics-certs");

    private static final String CERT_DIRECTORY =
            CertificateFiles.CERT_MANAGER.certificate().getParent().toString();

    private static Map<String, JsonNode> overlay;
    private static Map<String, JsonNode> chart;

    @BeforeAll
    static void render() {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        assumeTrue(binaries.present(), "no kubectl in " + binaries.directory() + "; run make envtest");
        assumeTrue(GoToolchain.installed(), "go is not installed; hack/helm.sh builds helm with Go");

        Kubectl.Result kustomized = new Kubectl(binaries.kubectl(), Path.of("/dev/null"))
                .run("kustomize", Path.of("config/default").toAbsolutePath().toString());
        assertThat(kustomized.succeeded())
                .as("kubectl kustomize config/default: %s", kustomized.stderr())
                .isTrue();
        // helm leaves the release namespace to `helm install --create-namespace`.
        overlay = byKindAndName(YAML.parseDocuments(kustomized.stdout()).stream()
                .filter(object -> !object.path("kind").asText().equals("Namespace"))
                .toList());
        chart = byKindAndName(YAML.parseDocuments(new HelmChart(binaries.version()).rendered(List.of())));
    }

    @Test
    void theChartMakesTheObjectsOfTheDefaultOverlay() {
        assertThat(chart.keySet()).containsExactlyElementsOf(overlay.keySet());
    }

    @Test
    void webhooksAndTheirCaInjectionAreThoseOfTheDefaultOverlay() {
        for (String kind : WEBHOOK_KINDS) {
            JsonNode ours = single(chart, kind);
            JsonNode theirs = single(overlay, kind);
            assertThat(ours.path("webhooks")).as("%s webhooks", kind).isEqualTo(theirs.path("webhooks"));
            assertThat(ours.path("metadata").path("annotations"))
                    .as("%s annotations", kind)
                    .isEqualTo(theirs.path("metadata").path("annotations"));
        }
    }

    @Test
    void rbacRulesAndBindingsAreThoseOfTheDefaultOverlay() {
        overlay.forEach((key, theirs) -> {
            if (RBAC_KINDS.contains(theirs.path("kind").asText())) {
                JsonNode ours = chart.get(key);
                assertThat(ours).as(key).isNotNull();
                for (String field : List.of("rules", "roleRef", "subjects")) {
                    assertThat(ours.path(field)).as("%s %s", key, field).isEqualTo(theirs.path(field));
                }
            }
        });
    }

    @Test
    void everyObjectIsTheDefaultOverlaysButForLabelsSelectorsAndTheCertificatesSecretAndSubject() {
        overlay.forEach((key, theirs) -> assertThat(comparable(chart.get(key)))
                .as("%s, rendered by the chart, against config/default", key)
                .isEqualTo(comparable(theirs)));
    }

    @Test
    void whatTheChartRendersDifferentlyStillFitsTogether() {
        JsonNode deployment = single(chart, "Deployment");
        JsonNode podLabels =
                deployment.path("spec").path("template").path("metadata").path("labels");
        assertThat(deployment.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
        chart.values().stream()
                .filter(object -> object.path("kind").asText().equals("Service"))
                .forEach(service -> assertThat(service.path("spec").path("selector"))
                        .as(service.path("metadata").path("name").asText())
                        .isEqualTo(podLabels));

        Map<String, String> mountedSecrets = new TreeMap<>();
        deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0)
                .path("volumeMounts")
                .forEach(mount -> mountedSecrets.put(
                        mount.path("mountPath").asText(),
                        secretOfVolume(deployment, mount.path("name").asText())));
        Map<String, String> directories =
                Map.of("serving-cert", CERT_DIRECTORY, "metrics-certs", "/tmp/k8s-metrics-server/metrics-certs");
        directories.forEach((name, directory) -> {
            JsonNode certificate = chart.get("Certificate xcluster-operator-system/xcluster-operator-" + name);
            assertThat(certificate).as(name).isNotNull();
            assertThat(mountedSecrets.get(directory))
                    .as("the Secret mounted at %s", directory)
                    .isEqualTo(certificate.path("spec").path("secretName").asText());
            assertThat(certificate.path("spec").path("subject").path("organizations"))
                    .isNotEmpty();
        });
    }

    /** The object without what the chart may render its own way. */
    private static JsonNode comparable(JsonNode object) {
        assertThat(object).isNotNull();
        ObjectNode copy = object.deepCopy();
        copy.withObjectProperty("metadata").remove("labels");
        ObjectNode spec = copy.withObjectProperty("spec");
        switch (copy.path("kind").asText()) {
            case "Deployment" -> {
                spec.remove("selector");
                spec.withObjectProperty("template")
                        .withObjectProperty("metadata")
                        .remove("labels");
                copy.at("/spec/template/spec/volumes").forEach(volume -> {
                    if (CERTIFICATE_VOLUMES.contains(volume.path("name").asText())) {
                        ((ObjectNode) volume.path("secret")).remove("secretName");
                    }
                });
            }
            case "Service" -> spec.remove("selector");
            case "Certificate" -> spec.remove(List.of("secretName", "subject"));
            default -> {}
        }
        return integralNumbersAsIntegers(copy);
    }

    /** helm copies crds/ as they are, kustomize re-encodes them: the CRDs' {@code minimum: 0.0} comes out as 0. */
    private static JsonNode integralNumbersAsIntegers(JsonNode node) {
        if (node.isIntegralNumber()
                || (node.isFloatingPointNumber()
                        && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
            return LongNode.valueOf(node.longValue());
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(property -> property.setValue(integralNumbersAsIntegers(property.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, integralNumbersAsIntegers(array.get(i)));
            }
        }
        return node;
    }

    /** The Secret behind one of the Deployment's volumes, or null. */
    private static String secretOfVolume(JsonNode deployment, String volumeName) {
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            if (volume.path("name").asText().equals(volumeName)) {
                return volume.path("secret").path("secretName").asText(null);
            }
        }
        return null;
    }

    private static JsonNode single(Map<String, JsonNode> objects, String kind) {
        List<JsonNode> found = objects.values().stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
        assertThat(found).as("%s objects", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
        return objects.stream()
                .collect(Collectors.toMap(
                        object -> object.path("kind").asText() + " "
                                + object.path("metadata").path("namespace").asText("") + "/"
                                + object.path("metadata").path("name").asText(),
                        Function.identity(),
                        (first, second) -> {
                            throw new AssertionError("rendered twice: " + first);
                        },
                        TreeMap::new));
    }
}

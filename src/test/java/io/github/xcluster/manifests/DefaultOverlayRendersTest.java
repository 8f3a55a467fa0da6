package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kubectl kustomize config/default} with the kubectl of {@code make envtest}: the cert-manager
 * wiring (CA injection, certificate names, secret mount) and the prefixes come out as the webhook
 * server and the API server need them.
 */
class DefaultOverlayRendersTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String NAMESPACE = "xcluster-operator-system";
    private static final String PREFIX = "xcluster-operator-";

    private static List<JsonNode> objects;

    @BeforeAll
    static void render() {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        assumeTrue(binaries.present(), "no kubectl in " + binaries.directory() + "; run make envtest");
        Kubectl.Result rendered = new Kubectl(binaries.kubectl(), Path.of("/dev/null"))
                .run("kustomize", ROOT.resolve("config/default").toString());
        assertThat(rendered.succeeded())
                .as("kubectl kustomize config/default: %s", rendered.stderr())
                .isTrue();
        objects = new BundleYaml().parseDocuments(rendered.stdout());
    }

    @Test
    void webhookConfigurationsGetTheirCaFromTheServingCertificate() {
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            JsonNode configuration = single(kind);
            assertThat(configuration
                            .path("metadata")
                            .path("annotations")
                            .path("cert-manager.io/inject-ca-from")
                            .asText())
                    .as(kind)
                    .isEqualTo(NAMESPACE + "/" + PREFIX + "serving-cert");
            configuration.path("webhooks").forEach(webhook -> {
                JsonNode service = webhook.path("clientConfig").path("service");
                assertThat(service.path("name").asText()).isEqualTo(PREFIX + "webhook-service");
                assertThat(service.path("namespace").asText()).isEqualTo(NAMESPACE);
            });
        }
    }

    @ParameterizedTest
    @CsvSource({"serving-cert, webhook-service", "metrics-certs, controller-manager-metrics-service"})
    void eachCertificateNamesItsServiceAndComesFromThePrefixedIssuer(String certificateName, String serviceName) {
        JsonNode certificate = named("Certificate", PREFIX + certificateName);
        String service = PREFIX + serviceName + "." + NAMESPACE + ".svc";
        assertThat(named("Service", PREFIX + serviceName)).isNotNull();

        List<String> dnsNames = new ArrayList<>();
        certificate.path("spec").path("dnsNames").forEach(name -> dnsNames.add(name.asText()));
        assertThat(dnsNames).containsExactly(service, service + ".cluster.local");
        assertThat(certificate.path("spec").path("issuerRef").path("name").asText())
                .isEqualTo(single("Issuer").path("metadata").path("name").asText())
                .isEqualTo(PREFIX + "selfsigned-issuer");
    }

    /** The webhook server looks in cert-manager's usual place, the metrics server where METRICS_CERT_DIR says. */
    @ParameterizedTest
    @CsvSource({"serving-cert, /tmp/k8s-webhook-server/serving-certs", "metrics-certs, METRICS_CERT_DIR"})
    void managerMountsEachCertificateSecretWhereItsServerLooks(String certificateName, String looksIn) {
        JsonNode pod = single("Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        String secret = named("Certificate", PREFIX + certificateName)
                .path("spec")
                .path("secretName")
                .asText();
        String directory = looksIn.startsWith("/") ? looksIn : env(container, looksIn);
        if (certificateName.equals("serving-cert")) {
            assertThat(directory)
                    .isEqualTo(CertificateFiles.CERT_MANAGER
                            .certificate()
                            .getParent()
                            .toString());
        }

        String volume = null;
        for (JsonNode candidate : pod.path("volumes")) {
            if (candidate.path("secret").path("secretName").asText().equals(secret)) {
                volume = candidate.path("name").asText();
            }
        }
        assertThat(volume).as("a volume of the secret %s", secret).isNotNull();
        List<String> mountPaths = new ArrayList<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                mountPaths.add(mount.path("mountPath").asText());
            }
        }
        assertThat(mountPaths).containsExactly(directory);
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError("the manager container has no env " + name);
    }

    @Test
    void everyNamespacedObjectIsPrefixedAndInTheOperatorNamespace() {
        for (JsonNode object : objects) {
            JsonNode metadata = object.path("metadata");
            String kind = object.path("kind").asText();
            if (kind.equals("CustomResourceDefinition")) {
                continue;
            }
            assertThat(metadata.path("name").asText()).as(kind).startsWith(PREFIX);
            if (!metadata.path("namespace").isMissingNode()) {
                assertThat(metadata.path("namespace").asText()).as(kind).isEqualTo(NAMESPACE);
            }
        }
    }

    @Test
    void theOperatorIsGrantedNoWildcard() {
        for (JsonNode object : objects) {
            if (object.path("kind").asText().endsWith("Role")) {
                List<String> ruleEntries = new ArrayList<>();
                object.path("rules")
                        .forEach(rule ->
                                rule.forEach(values -> values.forEach(value -> ruleEntries.add(value.asText()))));
                assertThat(ruleEntries)
                        .as(object.path("metadata").path("name").asText())
                        .isNotEmpty()
                        .doesNotContain("*");
            }
        }
    }

    private static JsonNode named(String kind, String name) {
        return objects.stream()
                .filter(object -> object.path("kind").asText().equals(kind)
                        && object.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static JsonNode single(String kind) {
        List<JsonNode> found = objects.stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
        assertThat(found).as("%s objects", kind).hasSize(1);
        return found.get(0);
    }
}

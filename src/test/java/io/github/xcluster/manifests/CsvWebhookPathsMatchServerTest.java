package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.webhook.WebhookPaths;
import io.github.xcluster.webhook.WebhookSettings;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the manifests tell the API server about the webhooks is what the webhook server serves. */
class CsvWebhookPathsMatchServerTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final BundleYaml YAML = new BundleYaml();

    private final JsonNode csv =
            YAML.readDocument(ROOT.resolve("bundle/manifests/xcluster-operator.clusterserviceversion.yaml"));

    @Test
    void csvWebhookDefinitionsUseTheServersPaths() {
        List<String> paths = new ArrayList<>();
        csv.path("spec")
                .path("webhookdefinitions")
                .forEach(webhook -> paths.add(webhook.path("webhookPath").asText()));

        assertThat(paths).containsExactlyInAnyOrderElementsOf(WebhookPaths.ALL);
    }

    @Test
    void validatingPathsAreValidatingWebhooksAndMutatingPathsMutating() {
        csv.path("spec").path("webhookdefinitions").forEach(webhook -> {
            String path = webhook.path("webhookPath").asText();
            String type = path.startsWith("/validate-") ? WebhookDefinition.VALIDATING : WebhookDefinition.MUTATING;
            assertThat(webhook.path("type").asText()).as(path).isEqualTo(type);
        });
    }

    @Test
    void csvWebhooksReachTheServersPortOnTheManagerContainer() {
        JsonNode deployment = csv.path("spec")
                .path("install")
                .path("spec")
                .path("deployments")
                .get(0);
        List<Integer> containerPorts = new ArrayList<>();
        deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .forEach(container -> container
                        .path("ports")
                        .forEach(port ->
                                containerPorts.add(port.path("containerPort").asInt())));

        assertThat(containerPorts).contains(WebhookSettings.DEFAULT_PORT);
        csv.path("spec").path("webhookdefinitions").forEach(webhook -> {
            assertThat(webhook.path("targetPort").asInt()).isEqualTo(WebhookSettings.DEFAULT_PORT);
            assertThat(webhook.path("deploymentName").asText())
                    .isEqualTo(deployment.path("name").asText());
        });
    }

    @Test
    void kustomizeWebhookConfigurationsUseTheServersPaths() {
        List<String> paths = new ArrayList<>();
        YAML.readDocuments(ROOT.resolve("config/webhook/manifests.yaml"))
                .forEach(configuration -> configuration
                        .path("webhooks")
                        .forEach(webhook -> paths.add(webhook.path("clientConfig")
                                .path("service")
                                .path("path")
                                .asText())));

        assertThat(paths).containsExactlyInAnyOrderElementsOf(WebhookPaths.ALL);
    }

    @Test
    void certManagerCertificateIsMountedWhereTheServerLooks() {
        JsonNode patch = YAML.readDocument(ROOT.resolve("config/default/manager_webhook_patch.yaml"));
        JsonNode mount = patch.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("volumeMounts")
                .get(0);

        assertThat(Path.of(mount.path("mountPath").asText()))
                .isEqualTo(CertificateFiles.CERT_MANAGER.certificate().getParent())
                .isEqualTo(CertificateFiles.CERT_MANAGER.privateKey().getParent());
    }
}

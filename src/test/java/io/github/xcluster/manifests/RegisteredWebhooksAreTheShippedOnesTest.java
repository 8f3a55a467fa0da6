package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.it.SharedWorld;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-API-server tests run against the webhooks we ship: what their world registered, read back
 * from its API server, is what config/webhook says, what config/default renders and what the CSV
 * defines, down to names, paths, rules and policies.
 */
class RegisteredWebhooksAreTheShippedOnesTest {
    private static final BundleYaml YAML = new BundleYaml();

    private static LocalWorld world;
    private static List<Webhook> registered;

    @BeforeAll
    static void readBackFromTheApiServer() {
        world = SharedWorld.get();
        KubernetesClient client = world.client();
        registered = new ArrayList<>();
        for (MutatingWebhookConfiguration configuration : client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .list()
                .getItems()) {
            configuration.getWebhooks().forEach(webhook -> registered.add(Webhook.of(webhook)));
        }
        for (ValidatingWebhookConfiguration configuration : client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .list()
                .getItems()) {
            configuration.getWebhooks().forEach(webhook -> registered.add(Webhook.of(webhook)));
        }
        assertThat(registered)
                .as("webhooks registered on the test world's API server")
                .isNotEmpty();
    }

    @Test
    void configWebhookManifestsHoldExactlyTheRegisteredWebhooks() {
        List<Webhook> shipped = inConfigurations(YAML.readDocuments(Path.of("config/webhook/manifests.yaml")));

        assertThat(shipped).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void theDefaultOverlayRendersExactlyTheRegisteredWebhooks() {
        Kubectl.Result rendered = world.kubectl().run("kustomize", "config/default");
        assertThat(rendered.succeeded())
                .as("kubectl kustomize config/default: %s", rendered.stderr())
                .isTrue();

        List<Webhook> shipped = inConfigurations(YAML.parseDocuments(rendered.stdout()));

        assertThat(shipped).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void theCsvDefinesExactlyTheRegisteredWebhooks() {
        JsonNode csv = YAML.readDocument(Path.of("bundle/manifests/xcluster-operator.clusterserviceversion.yaml"));
        List<Webhook> shipped = new ArrayList<>();
        csv.path("spec")
                .path("webhookdefinitions")
                .forEach(definition -> shipped.add(Webhook.of(YAML.convert(definition, WebhookDefinition.class))));

        assertThat(shipped).containsExactlyInAnyOrderElementsOf(registered);
    }

    private static List<Webhook> inConfigurations(List<JsonNode> objects) {
        List<Webhook> webhooks = new ArrayList<>();
        for (JsonNode object : objects) {
            String type = switch (object.path("kind").asText()) {
                case "MutatingWebhookConfiguration" -> WebhookDefinition.MUTATING;
                case "ValidatingWebhookConfiguration" -> WebhookDefinition.VALIDATING;
                default -> null;
            };
            if (type != null) {
                object.path("webhooks")
                        .forEach(webhook ->
                                webhooks.add(Webhook.of(type, YAML.convert(webhook, AdmissionWebhook.class))));
            }
        }
        return webhooks;
    }

    /** What the API server is told about one webhook, wherever that is written down. */
    private record Webhook(
            String type,
            String name,
            String path,
            List<RuleWithOperations> rules,
            String matchPolicy,
            String sideEffects,
            String failurePolicy,
            String reinvocationPolicy,
            List<String> admissionReviewVersions,
            Integer timeoutSeconds) {

        static Webhook of(MutatingWebhook webhook) {
            return new Webhook(
                    WebhookDefinition.MUTATING,
                    webhook.getName(),
                    URI.create(webhook.getClientConfig().getUrl()).getPath(),
                    webhook.getRules(),
                    webhook.getMatchPolicy(),
                    webhook.getSideEffects(),
                    webhook.getFailurePolicy(),
                    webhook.getReinvocationPolicy(),
                    webhook.getAdmissionReviewVersions(),
                    webhook.getTimeoutSeconds());
        }

        static Webhook of(ValidatingWebhook webhook) {
            return new Webhook(
                    WebhookDefinition.VALIDATING,
                    webhook.getName(),
                    URI.create(webhook.getClientConfig().getUrl()).getPath(),
                    webhook.getRules(),
                    webhook.getMatchPolicy(),
                    webhook.getSideEffects(),
                    webhook.getFailurePolicy(),
                    null,
                    webhook.getAdmissionReviewVersions(),
                    webhook.getTimeoutSeconds());
        }

        static Webhook of(String type, AdmissionWebhook webhook) {
            return new Webhook(
                    type,
                    webhook.name(),
                    webhook.clientConfig().service().path(),
                    webhook.rules(),
                    webhook.matchPolicy(),
                    webhook.sideEffects(),
                    webhook.failurePolicy(),
                    webhook.reinvocationPolicy(),
                    webhook.admissionReviewVersions(),
                    webhook.timeoutSeconds());
        }

        static Webhook of(WebhookDefinition definition) {
            return new Webhook(
                    definition.type(),
                    definition.generateName(),
                    definition.webhookPath(),
                    definition.rules(),
                    definition.matchPolicy(),
                    definition.sideEffects(),
                    definition.failurePolicy(),
                    definition.reinvocationPolicy(),
                    definition.admissionReviewVersions(),
                    definition.timeoutSeconds());
        }
    }
}

package io.github.xcluster.dev;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.webhook.WebhookPaths;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Registers our admission webhooks with an API server that reaches the operator by URL (a local
 * run), trusting the given CA. In a cluster, config/webhook and the OLM bundle do this instead.
 */
final class WebhookRegistration {
    static final String NAME = "xcluster-operator";

    private WebhookRegistration() {}

    static void register(KubernetesClient client, String baseUrl, String caPem) {
        String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        MutatingWebhookConfiguration mutating = new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .addNewWebhook()
                .withName("mxcluster.cluster.www.x-cellent.com")
                .withClientConfig(clientConfig(baseUrl + WebhookPaths.MUTATE_XCLUSTER, caBundle))
                .withRules(rule("xclusters", "CREATE"))
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(10)
                .endWebhook()
                .addNewWebhook()
                .withName("mxfirewall.cluster.www.x-cellent.com")
                .withClientConfig(clientConfig(baseUrl + WebhookPaths.MUTATE_XFIREWALL, caBundle))
                .withRules(rule("xfirewalls", "CREATE"))
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(10)
                .endWebhook()
                .build();
        ValidatingWebhookConfiguration validating = new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .addNewWebhook()
                .withName("vxcluster.cluster.www.x-cellent.com")
                .withClientConfig(clientConfig(baseUrl + WebhookPaths.VALIDATE_XCLUSTER, caBundle))
                .withRules(rule("xclusters", "CREATE", "UPDATE"))
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(10)
                .endWebhook()
                .addNewWebhook()
                .withName("vxfirewall.cluster.www.x-cellent.com")
                .withClientConfig(clientConfig(baseUrl + WebhookPaths.VALIDATE_XFIREWALL, caBundle))
                .withRules(rule("xfirewalls", "CREATE", "UPDATE"))
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(10)
                .endWebhook()
                .build();
        client.resource(mutating).serverSideApply();
        client.resource(validating).serverSideApply();
    }

    private static WebhookClientConfig clientConfig(String url, String caBundle) {
        return new WebhookClientConfigBuilder()
                .withUrl(url)
                .withCaBundle(caBundle)
                .build();
    }

    private static RuleWithOperations rule(String resource, String... operations) {
        return new RuleWithOperationsBuilder()
                .withApiGroups(XCluster.GROUP)
                .withApiVersions(XCluster.VERSION)
                .withResources(resource)
                .withOperations(List.of(operations))
                .withScope("Namespaced")
                .build();
    }
}

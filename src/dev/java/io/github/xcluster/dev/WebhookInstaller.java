package io.github.xcluster.dev;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Installs the webhook configurations we ship (config/webhook/manifests.yaml) as kubebuilder's
 * envtest does: each webhook's Service reference becomes a URL with the same path on this machine,
 * trusted through the run's CA; everything else stays as shipped.
 */
public final class WebhookInstaller {
    private final String baseUrl;
    private final String caBundle;

    /** {@code baseUrl} is where the webhook server listens, e.g. {@code https://127.0.0.1:9443}. */
    public WebhookInstaller(String baseUrl, String caPem) {
        this.baseUrl = baseUrl;
        this.caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    }

    public void install(KubernetesClient client, Path manifests) {
        install(client, manifests, "");
    }

    /** Installs them with {@code namePrefix} before each configuration's name, as kustomize's namePrefix does. */
    public void install(KubernetesClient client, Path manifests, String namePrefix) {
        for (HasMetadata configuration : load(client, manifests)) {
            configuration
                    .getMetadata()
                    .setName(namePrefix + configuration.getMetadata().getName());
            if (configuration instanceof MutatingWebhookConfiguration mutating) {
                for (MutatingWebhook webhook : mutating.getWebhooks()) {
                    webhook.setClientConfig(byUrl(manifests, webhook.getName(), webhook.getClientConfig()));
                }
            } else if (configuration instanceof ValidatingWebhookConfiguration validating) {
                for (ValidatingWebhook webhook : validating.getWebhooks()) {
                    webhook.setClientConfig(byUrl(manifests, webhook.getName(), webhook.getClientConfig()));
                }
            } else {
                throw new IllegalStateException(manifests + " holds a " + configuration.getKind()
                        + "; only webhook configurations belong there");
            }
            client.resource(configuration).serverSideApply();
        }
    }

    private WebhookClientConfig byUrl(Path manifests, String webhook, WebhookClientConfig shipped) {
        if (shipped == null
                || shipped.getService() == null
                || shipped.getService().getPath() == null) {
            throw new IllegalStateException(
                    "the webhook " + webhook + " in " + manifests + " names no clientConfig.service.path");
        }
        return new WebhookClientConfigBuilder()
                .withUrl(baseUrl + shipped.getService().getPath())
                .withCaBundle(caBundle)
                .build();
    }

    private static List<HasMetadata> load(KubernetesClient client, Path manifests) {
        try (InputStream yaml = Files.newInputStream(manifests)) {
            return client.load(yaml).items();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the webhook configurations " + manifests + " (run from the repository root)", e);
        }
    }
}

package io.github.xcluster.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a component's config/ becomes where no kustomize runs, on a config/ of the same shape as upstream's. */
class CapiComponentTest {
    private static final String BASE_URL = "https://127.0.0.1:40001";

    @TempDir
    Path config;

    @Test
    void aProviderWithoutKustomizeLabelsGetsItsServedVersionsAsContractLabels() throws IOException {
        writeConfig("");

        Map<String, CustomResourceDefinition> crds = crds(true);

        assertThat(crds.get("widgets.example.x-k8s.io").getMetadata().getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta1", "v1alpha1_v1beta2")
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1alpha1_v1beta2");
        assertThat(crds.get("gadgets.example.x-k8s.io").getMetadata().getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1beta2");
    }

    @Test
    void kustomizeLabelsWinOverServedVersionsAndCoreGetsOnlyThose() throws IOException {
        writeConfig("""
                labels:
                - pairs:
                    cluster.x-k8s.io/v1beta2: v1beta2
                commonLabels:
                  example.com/team: capi
                """);

        assertThat(crds(true).get("widgets.example.x-k8s.io").getMetadata().getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1beta2")
                .containsEntry("cluster.x-k8s.io/v1beta1", "v1alpha1_v1beta2")
                .containsEntry("example.com/team", "capi");
        assertThat(crds(false).get("gadgets.example.x-k8s.io").getMetadata().getLabels())
                .containsEntry("cluster.x-k8s.io/v1beta2", "v1beta2")
                .containsEntry("example.com/team", "capi")
                .doesNotContainKey("cluster.x-k8s.io/v1beta1");
    }

    @Test
    void onlyACrdServingSeveralVersionsConvertsAndItDoesSoByUrlWithTheCaBundle() throws IOException {
        writeConfig("");

        Map<String, CustomResourceDefinition> crds = crds(true);

        var webhook =
                crds.get("widgets.example.x-k8s.io").getSpec().getConversion().getWebhook();
        assertThat(crds.get("widgets.example.x-k8s.io")
                        .getSpec()
                        .getConversion()
                        .getStrategy())
                .isEqualTo("Webhook");
        assertThat(webhook.getClientConfig().getUrl()).isEqualTo(BASE_URL + "/convert");
        assertThat(webhook.getClientConfig().getService()).isNull();
        assertThat(webhook.getClientConfig().getCaBundle()).isEqualTo("Q0E=");
        assertThat(webhook.getConversionReviewVersions()).containsExactly("v1");
        assertThat(crds.get("gadgets.example.x-k8s.io").getSpec().getConversion())
                .isNull();
    }

    @Test
    void webhookConfigurationsAreNamedWithTheDefaultKustomizationsPrefix() throws IOException {
        writeConfig("");

        assertThat(component(true).namePrefix()).isEqualTo("capi-example-");
    }

    private Map<String, CustomResourceDefinition> crds(boolean providerContract) {
        return component(providerContract).crds(BASE_URL, "Q0E=").stream()
                .collect(Collectors.toMap(crd -> crd.getMetadata().getName(), Function.identity()));
    }

    private CapiComponent component(boolean providerContract) {
        return new CapiComponent("example", Path.of("/bin/true"), config, providerContract, List.of());
    }

    private void writeConfig(String labels) throws IOException {
        Files.createDirectories(config.resolve("crd/bases"));
        Files.createDirectories(config.resolve("crd/patches"));
        Files.createDirectories(config.resolve("default"));
        Files.writeString(config.resolve("default/kustomization.yaml"), "namePrefix: capi-example-\n");
        Files.writeString(config.resolve("crd/kustomization.yaml"), labels + """
                resources:
                - bases/widgets.yaml
                - bases/gadgets.yaml
                patches:
                - path: patches/webhook_in_widgets.yaml
                - path: patches/webhook_in_gadgets.yaml
                """);
        Files.writeString(config.resolve("crd/bases/widgets.yaml"), crd("widgets", "v1alpha1", "v1beta2"));
        Files.writeString(config.resolve("crd/bases/gadgets.yaml"), crd("gadgets", "v1beta2"));
        Files.writeString(config.resolve("crd/patches/webhook_in_widgets.yaml"), conversionPatch("widgets"));
        Files.writeString(config.resolve("crd/patches/webhook_in_gadgets.yaml"), conversionPatch("gadgets"));
    }

    private static String crd(String plural, String... versions) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: %s.example.x-k8s.io
                spec:
                  group: example.x-k8s.io
                  names: {kind: Thing, plural: %s}
                  scope: Namespaced
                  versions:
                """.formatted(plural, plural));
        for (String version : versions) {
            yaml.append("  - {name: %s, served: true, storage: %b, schema: {openAPIV3Schema: {type: object}}}\n"
                    .formatted(version, version.equals(versions[versions.length - 1])));
        }
        return yaml.toString();
    }

    private static String conversionPatch(String plural) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: %s.example.x-k8s.io
                spec:
                  conversion:
                    strategy: Webhook
                    webhook:
                      conversionReviewVersions: ["v1"]
                      clientConfig:
                        service:
                          namespace: system
                          name: webhook-service
                          path: /convert
                """.formatted(plural);
    }
}

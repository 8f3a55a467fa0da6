package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What `kubectl apply -k config/default` would create is accepted by a real API server. */
class RenderedManifestsTest {
    private static final Set<String> CERT_MANAGER_KINDS = Set.of("Issuer", "Certificate");

    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();

    @Test
    void everyRenderedObjectButCertManagersOwnIsAcceptedByTheServer() {
        Kubectl.Result rendered = kubectl.run("kustomize", "config/default");
        assertSucceeded(rendered);
        KubernetesSerialization serialization = world.client().getKubernetesSerialization();
        List<HasMetadata> objects = serialization.unmarshal(
                new ByteArrayInputStream(rendered.stdout().getBytes(StandardCharsets.UTF_8)));
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains("Issuer", "Certificate", "Deployment", "ClusterRole", "ValidatingWebhookConfiguration");

        List<HasMetadata> ours = objects.stream()
                .filter(o -> !CERT_MANAGER_KINDS.contains(o.getKind()))
                .toList();
        ours.stream()
                .filter(o -> "Namespace".equals(o.getKind()))
                .forEach(namespace -> kubectl.runWithInput(serialization.asYaml(namespace), "apply", "-f", "-"));
        String manifest =
                serialization.asYaml(new KubernetesListBuilder().withItems(ours).build());
        Kubectl.Result applied = kubectl.runWithInput(manifest, "apply", "--dry-run=server", "-f", "-");
        assertSucceeded(applied);
        assertThat(applied.stdout()
                        .lines()
                        .filter(line -> line.contains("(server dry run)"))
                        .count())
                .isEqualTo(ours.size());
    }
}

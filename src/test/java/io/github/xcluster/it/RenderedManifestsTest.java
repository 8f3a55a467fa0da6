package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.ApiVersionUtil;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.testing.GoToolchain;
import io.github.xcluster.testing.HelmChart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each way of installing creates is accepted by a real API server: {@code kubectl apply -k
 * config/default}, {@code kubectl apply -f dist/install.yaml} and {@code helm install} with each of
 * the chart's value sets, as a server-side dry run.
 */
class RenderedManifestsTest {
    /**
     * cert-manager's and the Prometheus operator's API groups: this server has not their CRDs, so
     * their objects (Issuer, Certificate, ServiceMonitor) are rendered but cannot be sent. Any other
     * group the server lacks fails the test.
     */
    private static final Set<String> GROUPS_NOT_ON_THIS_SERVER = Set.of("cert-manager.io", "monitoring.coreos.com");

    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();
    private final KubernetesSerialization serialization = world.client().getKubernetesSerialization();

    @Test
    void theDefaultOverlayIsAccepted() {
        Kubectl.Result rendered = kubectl.run("kustomize", "config/default");
        assertSucceeded(rendered);

        List<HasMetadata> objects = parse(rendered.stdout());
        assertThat(kinds(objects)).contains("Issuer", "Certificate", "Namespace");
        assertAcceptedButForeignObjects(objects);
    }

    /** The policies are accepted and let in what the Deployment serves: its pods, by its ports' names. */
    @Test
    void theNetworkPoliciesAreAcceptedAndOpenTheDeploymentsPorts() {
        List<HasMetadata> installed =
                parse(kubectl.run("kustomize", "config/default").stdout());
        Deployment manager = installed.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        installed.stream().filter(o -> o.getKind().equals("Namespace")).forEach(this::applyForReal);
        Kubectl.Result rendered = kubectl.run("kustomize", "config/network-policy");
        assertSucceeded(rendered);
        List<NetworkPolicy> policies =
                parse(rendered.stdout()).stream().map(NetworkPolicy.class::cast).toList();

        Set<String> ports = manager.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(ContainerPort::getName)
                .collect(Collectors.toSet());
        Set<String> opened = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            assertThat(policy.getMetadata().getNamespace())
                    .isEqualTo(manager.getMetadata().getNamespace());
            assertThat(manager.getSpec().getTemplate().getMetadata().getLabels())
                    .as("the pods %s selects", policy.getMetadata().getName())
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            policy.getSpec()
                    .getIngress()
                    .forEach(rule -> rule.getPorts()
                            .forEach(port -> opened.add(port.getPort().getStrVal())));
        }
        assertThat(opened).containsExactly("metrics", "webhook-server");
        assertThat(ports).containsAll(opened);
        assertAccepted(List.copyOf(policies));
    }

    @Test
    void theSingleFileInstallerIsAccepted() throws IOException {
        List<HasMetadata> objects = parse(Files.readString(Path.of("dist/install.yaml")));

        assertThat(kinds(objects)).contains("Issuer", "Certificate", "Namespace");
        assertAcceptedButForeignObjects(objects);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chartValueSets")
    void theChartIsAccepted(String valueSet) {
        assumeTrue(GoToolchain.installed(), "go is not installed; hack/helm.sh builds helm with Go");
        HelmChart helm = new HelmChart(KubeBinaries.pinned(System.getenv()).version());
        List<Path> values = valueSet.equals("default") ? List.of() : List.of(HelmChart.ciValues(valueSet));
        List<HasMetadata> objects = parse(helm.rendered(values));

        // helm install --create-namespace makes it; the chart does not hold it.
        applyForReal(new NamespaceBuilder()
                .withNewMetadata()
                .withName(HelmChart.NAMESPACE)
                .endMetadata()
                .build());
        assertAcceptedButForeignObjects(objects);
    }

    static List<String> chartValueSets() {
        List<String> sets = new ArrayList<>(List.of("default"));
        sets.addAll(HelmChart.ciValueSets());
        return sets;
    }

    private void assertAcceptedButForeignObjects(List<HasMetadata> objects) {
        assertThat(kinds(objects))
                .contains("CustomResourceDefinition", "Deployment", "ClusterRole", "ValidatingWebhookConfiguration");
        Set<String> served = world.client().getApiGroups().getGroups().stream()
                .map(APIGroup::getName)
                .collect(Collectors.toSet());
        List<HasMetadata> sendable = new ArrayList<>();
        for (HasMetadata object : objects) {
            String group = ApiVersionUtil.trimGroupOrNull(object.getApiVersion());
            if (group == null || served.contains(group)) {
                sendable.add(object);
            } else {
                assertThat(GROUPS_NOT_ON_THIS_SERVER)
                        .as(
                                "%s %s is of the group %s, which the server lacks",
                                object.getKind(), object.getMetadata().getName(), group)
                        .contains(group);
            }
        }
        sendable.stream().filter(o -> o.getKind().equals("Namespace")).forEach(this::applyForReal);
        assertAccepted(sendable);
    }

    private void assertAccepted(List<HasMetadata> sendable) {
        String manifest = serialization.asYaml(
                new KubernetesListBuilder().withItems(sendable).build());
        Kubectl.Result applied = kubectl.runWithInput(manifest, "apply", "--dry-run=server", "-f", "-");
        assertSucceeded(applied);
        assertThat(applied.stdout()
                        .lines()
                        .filter(line -> line.contains("(server dry run)"))
                        .count())
                .isEqualTo(sendable.size());
    }

    private void applyForReal(HasMetadata namespace) {
        assertSucceeded(kubectl.runWithInput(serialization.asYaml(namespace), "apply", "-f", "-"));
    }

    private List<HasMetadata> parse(String yaml) {
        return serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Cluster API kinds' admission webhooks as a user meets them: real kubectl, real API server, the operator's
 * HTTPS server, which finds a machine's MetalStackCluster on that API server.
 */
class CapiAdmissionTest {
    private static final String MINI_LAB_MACHINE = UUID.nameUUIDFromBytes(
                    "mini-lab/v1-small-x86/0".getBytes(StandardCharsets.UTF_8))
            .toString();

    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();
    private final String namespace = SharedWorld.newNamespace("capi-admission");

    private Kubectl.Result apply(String manifest) {
        return kubectl.runWithInput(manifest, "apply", "-f", "-");
    }

    private void assertRefusedByWebhook(String manifest, String message) {
        AdmissionTest.assertRefusedByWebhook(apply(manifest), message);
    }

    private String cluster(String name) {
        return """
        apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
        kind: MetalStackCluster
        metadata:
          name: %s
          namespace: %s
          labels:
            cluster.x-k8s.io/cluster-name: %s
        spec:
          partition: vagrant
          projectID: 00000000-0000-0000-0000-000000000000
        """.formatted(name, namespace, name);
    }

    private String machine(String name, String clusterName, String image, String providerId) {
        return """
        apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
        kind: MetalStackMachine
        metadata:
          name: %s
          namespace: %s
          labels:
            cluster.x-k8s.io/cluster-name: %s
        spec:
          image: %s
          size: v1-small-x86
        """.formatted(name, namespace, clusterName, image)
                + (providerId == null ? "" : "  providerID: " + providerId + "\n");
    }

    @Test
    void aFirewallImageIsRefusedForAMachineNamingTheMachineImages() {
        assertRefusedByWebhook(
                machine("firewall-image", "none", "firewall-ubuntu-3.0.20240503", null),
                "spec.image: image \"firewall-ubuntu-3.0.20240503\" is not a machine image (features: firewall);"
                        + " valid machine images: ubuntu-20.04.20201026, ubuntu-cloud-init-20.04");
    }

    @Test
    void aMachineIsCheckedInThePartitionOfItsClusterFoundByLabel() {
        assertSucceeded(apply(cluster("in-vagrant")));
        String providerId = "metal://mini-lab/" + MINI_LAB_MACHINE;

        assertRefusedByWebhook(
                machine("picked", "in-vagrant", "ubuntu-20.04.20201026", providerId),
                "spec.providerID: names partition \"mini-lab\", but the cluster's machines are in partition"
                        + " \"vagrant\"");
        assertSucceeded(apply(machine("picked", "not-yet-created", "ubuntu-20.04.20201026", providerId)));
    }

    @Test
    void aTemplatesImageShorthandIsPinnedAndTheTemplateCannotChange() {
        String template = """
        apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
        kind: MetalStackMachineTemplate
        metadata:
          name: workers
          namespace: %s
        spec:
          template:
            spec:
              image: ubuntu-20.04
              size: v1-small-x86
        """.formatted(namespace);
        assertSucceeded(apply(template));

        assertThat(kubectl.run(
                                "get",
                                "metalstackmachinetemplate/workers",
                                "-n",
                                namespace,
                                "-o",
                                "jsonpath={.spec.template.spec.image}")
                        .stdout())
                .isEqualTo("ubuntu-20.04.20201026");
        Kubectl.Result changed = apply(template.replace("size: v1-small-x86", "size: c1-xlarge-x86"));
        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.stderr())
                .contains("spec.template: Invalid value: \"object\": is immutable; Cluster API rolls out a change by"
                        + " pointing to a new template");
    }

    @Test
    void aChangedImageIsRefusedByTheSchemaInTheWebhooksWords() {
        assertSucceeded(apply(machine("steady", "none", "ubuntu-20.04.20201026", null)));

        Kubectl.Result changed = apply(machine("steady", "none", "ubuntu-cloud-init-20.04", null));

        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.stderr())
                .contains("spec.image: Invalid value: \"string\": is immutable; "
                        + MetalStackMachineSpec.WHY_IMAGE_IMMUTABLE)
                .doesNotContain("admission webhook");
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import org.junit.jupiter.api.Test;

/**
 * The admission webhooks as a user meets them: real kubectl, real API server, our HTTPS server. What
 * the CRD schema refuses (malformed ids, immutable fields) never reaches the validating webhook.
 */
class AdmissionTest {
    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();
    private final String namespace = SharedWorld.newNamespace("admission");

    private Kubectl.Result apply(String manifest) {
        return kubectl.runWithInput(manifest, "apply", "-f", "-");
    }

    private void assertRefused(String manifest, String... messageParts) {
        assertRefusedByWebhook(apply(manifest), messageParts);
    }

    static void assertRefusedByWebhook(Kubectl.Result result, String... messageParts) {
        assertThat(result.exitCode())
                .as("kubectl apply should have been refused: %s", result.stdout())
                .isNotZero();
        assertThat(result.stderr())
                .contains("admission webhook")
                .contains(messageParts)
                .doesNotContain("Exception");
    }

    @Test
    void aDeletionPolicyOtherThanDeleteOrOrphanIsRefusedOnCreateAndOnAnnotate() {
        String policy = "metadata:\n  annotations:\n    cluster.www.x-cellent.com/deletion-policy: orphan\n";
        assertRefused(
                sample(namespace, "typo").replaceFirst("metadata:\n", policy),
                "metadata.annotations[cluster.www.x-cellent.com/deletion-policy]: must be Delete (free what the object"
                        + " holds when it is deleted, the default) or Orphan (keep it in metal-api), was \"orphan\"");
        assertSucceeded(apply(sample(namespace, "annotated")));
        assertRefusedByWebhook(
                kubectl.run(
                        "annotate",
                        "xcluster/annotated",
                        "-n",
                        namespace,
                        "cluster.www.x-cellent.com/deletion-policy=keep"),
                "was \"keep\"");
        assertSucceeded(kubectl.run(
                "annotate", "xcluster/annotated", "-n", namespace, "cluster.www.x-cellent.com/deletion-policy=Orphan"));
        assertSucceeded(kubectl.run(
                "annotate",
                "xcluster/annotated",
                "-n",
                namespace,
                "--overwrite",
                "cluster.www.x-cellent.com/deletion-policy=Delete"));
        assertSucceeded(kubectl.run("delete", "xcluster/annotated", "-n", namespace, "--timeout=60s"));
    }

    @Test
    void anUnknownPartitionIsRefusedNamingTheValidOnes() {
        assertRefused(
                sample(namespace, "bad-partition").replace("partition: vagrant", "partition: nowhere"),
                "spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant");
    }

    @Test
    void anUnknownProjectIsRefused() {
        assertRefused(
                sample(namespace, "bad-project")
                        .replace(
                                "projectID: 00000000-0000-0000-0000-000000000000",
                                "projectID: 22222222-2222-2222-2222-222222222222"),
                "spec.projectID: project \"22222222-2222-2222-2222-222222222222\" does not exist");
    }

    @Test
    void anUnknownImageIsRefused() {
        assertRefused(
                sample(namespace, "bad-image").replace("image: firewall-ubuntu-2.0", "image: firewall-debian-9.9"),
                "spec.xFirewallTemplate.spec.image: image \"firewall-debian-9.9\" does not exist");
    }

    @Test
    void aMachineImageIsRefusedAsFirewallImage() {
        assertRefused(
                sample(namespace, "machine-image")
                        .replace("image: firewall-ubuntu-2.0", "image: ubuntu-cloud-init-20.04"),
                "spec.xFirewallTemplate.spec.image",
                "is not a firewall image (features: machine)");
    }

    @Test
    void anUnknownSizeIsRefusedNamingTheSizes() {
        assertRefused(
                sample(namespace, "bad-size").replace("size: v1-small-x86", "size: v9-huge"),
                "spec.xFirewallTemplate.spec.size: size \"v9-huge\" does not exist; valid sizes: c1-xlarge-x86, v1-small-x86");
    }

    @Test
    void aChangedPartitionIsRefusedByTheSchemaBeforeTheWebhookIsAsked() {
        assertSucceeded(apply(sample(namespace, "moving")));
        Kubectl.Result moved = apply(sample(namespace, "moving").replace("partition: vagrant", "partition: mini-lab"));
        assertThat(moved.exitCode())
                .as("kubectl apply should have been refused: %s", moved.stdout())
                .isNotZero();
        assertThat(moved.stderr())
                .contains("spec.partition: Invalid value: \"string\": is immutable; "
                        + XClusterSpec.WHY_PARTITION_IMMUTABLE)
                .doesNotContain("admission webhook");
        assertSucceeded(kubectl.run("delete", "xcluster/moving", "-n", namespace, "--timeout=60s"));
    }

    @Test
    void leftOutFirewallFieldsAreFilledInAndShorthandsPinned() {
        String minimal = sample(namespace, "minimal")
                .replace("      defaultNetworkID: internet-vagrant-lab\n", "")
                .replace("image: firewall-ubuntu-2.0", "image: firewall-ubuntu-2.0");
        assertSucceeded(apply(minimal));
        String yaml = kubectl.run("get", "xcluster/minimal", "-n", namespace, "-o", "yaml")
                .stdout();
        assertThat(yaml)
                .contains(
                        "defaultNetworkID: internet-vagrant-lab",
                        "image: firewall-ubuntu-2.0.20201126",
                        "app.kubernetes.io/managed-by: xcluster-operator");
        assertSucceeded(kubectl.run("delete", "xcluster/minimal", "-n", namespace, "--timeout=60s"));
    }
}

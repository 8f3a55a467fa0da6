package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.sim.SimulatorCounters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The xcluster walkthrough on a real kube-apiserver, driven with the real kubectl. */
class WalkthroughTest {
    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();

    @Test
    void theSampleAppliesUnchangedBecomesReadyAndIsFreedOnDelete() {
        SimulatorCounters counters = world.simulator().counters();
        int networksBefore = counters.allocatedNetworks();
        int machinesBefore = counters.allocatedMachines();

        Kubectl.Result applied = kubectl.run("apply", "-f", "config/samples/cluster_v1_xcluster.yaml");
        assertThat(applied.stderr()).isEmpty();
        assertThat(applied.stdout()).contains("xcluster.cluster.www.x-cellent.com/x-cellent created");
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/x-cellent", "-n", "default", "--timeout=60s"));
        assertSucceeded(kubectl.run(
                "wait",
                "--for=jsonpath={.status.ready}=true",
                "xfirewall/x-cellent",
                "-n",
                "default",
                "--timeout=60s"));

        XFirewall firewall = world.client()
                .resources(XFirewall.class)
                .inNamespace("default")
                .withName("x-cellent")
                .get();
        assertThat(counters.lastEvent(firewall.getStatus().getMachineID())).isEqualTo("Phoned Home");
        assertThat(counters.allocatedNetworks()).isEqualTo(networksBefore + 1);
        assertThat(counters.allocatedMachines()).isEqualTo(machinesBefore + 1);

        Kubectl.Result listed = kubectl.run("get", "xcluster,xfirewall", "-A");
        assertSucceeded(listed);
        assertThat(listed.stdout())
                .containsPattern("NAMESPACE\\s+NAME\\s+READY\\s+PARTITION\\s+PROJECT\\s+NETWORK\\s+FIREWALL\\s+AGE");
        assertThat(listed.stdout())
                .containsPattern("NAMESPACE\\s+NAME\\s+READY\\s+ROLE\\s+MACHINE\\s+LAST-EVENT\\s+AGE");
        assertThat(listed.stdout())
                .containsPattern("x-cellent\\s+true\\s+vagrant\\s+00000000-0000-0000-0000-000000000000\\s+"
                        + firewall.getSpec().getPrivateNetworkID() + "\\s+x-cellent");
        assertThat(listed.stdout())
                .containsPattern(
                        "x-cellent\\s+true\\s+active\\s+" + firewall.getStatus().getMachineID() + "\\s+Phoned Home");

        assertSucceeded(kubectl.run("delete", "-f", "config/samples/cluster_v1_xcluster.yaml", "--timeout=60s"));
        assertThat(world.client()
                        .resources(XCluster.class)
                        .inNamespace("default")
                        .withName("x-cellent")
                        .get())
                .isNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(world.client()
                            .resources(XFirewall.class)
                            .inNamespace("default")
                            .withName("x-cellent")
                            .get())
                    .isNull();
            assertThat(counters.allocatedNetworks()).isEqualTo(networksBefore);
            assertThat(counters.allocatedMachines()).isEqualTo(machinesBefore);
        });
    }

    @Test
    void shortNamesAndTheCategoryListBothKinds() {
        String namespace = SharedWorld.newNamespace("names");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "short"), "apply", "-f", "-"));
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcl/short", "-n", namespace, "--timeout=60s"));
        assertThat(kubectl.run("get", "xcl,xfw", "-n", namespace).stdout())
                .contains("xcluster.cluster.www.x-cellent.com/short", "xfirewall.cluster.www.x-cellent.com/short");
        assertThat(kubectl.run("get", "xcluster", "-n", namespace).stdout()).contains("short");
        assertThat(kubectl.run("explain", "xcluster.spec.projectID").stdout())
                .contains("UUID of the metal-stack project");
        assertSucceeded(kubectl.run("delete", "xcl/short", "-n", namespace, "--timeout=60s"));
    }

    static String sample(String namespace, String name) {
        return """
        apiVersion: cluster.www.x-cellent.com/v1
        kind: XCluster
        metadata:
          name: %s
          namespace: %s
        spec:
          partition: vagrant
          projectID: 00000000-0000-0000-0000-000000000000
          xFirewallTemplate:
            spec:
              defaultNetworkID: internet-vagrant-lab
              image: firewall-ubuntu-2.0
              size: v1-small-x86
        """.formatted(name, namespace);
    }

    static void assertSucceeded(Kubectl.Result result) {
        assertThat(result.exitCode()).as("kubectl failed: %s", result.stderr()).isZero();
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.testing.ClusterApiWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A MetalStackFirewallDeployment's rollouts on a real API server, Cluster API core played by hand: a firewall that
 * never comes up misses the deadline while the old one serves, and a revert frees it; Recreate frees first; a rollout
 * under 30 % metal-api errors with the operator killed at seeded moments ends with one firewall, and a 20 ms sampler
 * of the simulator never sees the node network without a ready firewall meanwhile (Recreate aside).
 */
class FirewallDeploymentTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TEMPLATE = """
            apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
            kind: MetalStackFirewallTemplate
            metadata:
              name: %1$s
              namespace: %2$s
            spec:
              image: %3$s
              size: %4$s
              networks: [%5$s]
              initialRuleSet:
                ingress:
                - {comment: api, protocol: TCP, ports: [443], from: [0.0.0.0/0]}
            ---
            apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
            kind: MetalStackFirewallDeployment
            metadata:
              name: %1$s
              namespace: %2$s
            spec:
              firewallTemplateRef:
                name: %1$s
              %6$s
            """;

    private static LocalWorld world;
    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static HandPlayedCore core;
    private static MetalApi metal;

    @BeforeAll
    static void startWorldWithClusterApiCrds() {
        world = HandPlayedCore.startWorld(Path.of("target/firewall-deployment-world"), 4);
        client = world.client();
        kubectl = world.kubectl();
        core = new HandPlayedCore(client);
        metal = HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aFirewallThatNeverComesUpMissesTheDeadlineKeepsTheOldOneAndARevertFreesIt() {
        String namespace = SharedWorld.newNamespace(client, "fw-stuck");
        MetalStackCluster cluster = createReadyCluster(namespace, "stuck", "progressDeadlineSeconds: 3");
        String serving = deployment(namespace, "stuck").getStatus().getActiveFirewall();

        try (Protection protection = new Protection(cluster)) {
            setSshPort(namespace, "stuck", 22);
            String pending = await().atMost(PATIENCE)
                    .until(() -> deployment(namespace, "stuck").getStatus().getPendingFirewall(), id -> id != null);
            world.simulator().machineFaults().crashLoop(pending);

            Condition missed = await().atMost(PATIENCE)
                    .until(
                            () -> upToDate(deployment(namespace, "stuck")),
                            c -> "ProgressDeadlineExceeded".equals(c.getReason()));
            assertThat(missed.getMessage())
                    .contains("firewall " + pending + " is not ready after 3 s")
                    .contains(serving + " keeps serving")
                    .contains("crash loop")
                    .contains("Revert the template to cancel the rollout");
            MetalStackFirewallDeployment stuck = deployment(namespace, "stuck");
            assertThat(stuck.getStatus().isReady()).isTrue();
            assertThat(stuck.getStatus().getActiveFirewall()).isEqualTo(serving);
            assertThat(infrastructure(namespace, "stuck").getStatus().isReady()).isTrue();

            revertSsh(namespace, "stuck");
            await().atMost(PATIENCE).untilAsserted(() -> {
                MetalStackFirewallDeployment reverted = deployment(namespace, "stuck");
                assertThat(reverted.getStatus().getPendingFirewall()).isNull();
                assertThat(upToDate(reverted).getReason()).isEqualTo("UpToDate");
                assertThat(firewallIds(cluster)).containsExactly(serving);
            });
            protection.assertNeverUnprotected();
        }
        assertThat(eventReasons(namespace)).contains("FirewallRollout", "ProgressDeadlineExceeded", "FirewallRetired");
        deleteAndAssertFreed(namespace, "stuck", cluster);
    }

    @Test
    void recreateFreesTheOldFirewallBeforeItAllocatesTheNewOne() {
        String namespace = SharedWorld.newNamespace(client, "fw-recreate");
        MetalStackCluster cluster = createReadyCluster(namespace, "swap", "strategy: Recreate");
        List<String> before = templateHashes(cluster);

        setSshPort(namespace, "swap", 22);
        await().atMost(PATIENCE).untilAsserted(() -> {
            MetalStackFirewallDeployment swapped = deployment(namespace, "swap");
            assertThat(swapped.getStatus().isReady()).isTrue();
            assertThat(firewallIds(cluster)).containsExactly(swapped.getStatus().getActiveFirewall());
            assertThat(templateHashes(cluster)).hasSize(1).doesNotContainAnyElementsOf(before);
        });
        assertThat(eventReasons(namespace)).contains("FirewallRecreating");
        deleteAndAssertFreed(namespace, "swap", cluster);
    }

    @Test
    void anOperatorKilledAtRandomMomentsOfARolloutUnderMetalApiErrorsLeavesOneFirewall() {
        String namespace = SharedWorld.newNamespace(client, "fw-rough");
        MetalStackCluster cluster = createReadyCluster(namespace, "rough", "");
        Random seeded = new Random(29);
        try (Protection protection = new Protection(cluster)) {
            world.simulator().faults().errorRate(0.3);
            try {
                setSshPort(namespace, "rough", 22);
                for (int restart = 0; restart < 3; restart++) {
                    Pause.of(Duration.ofMillis(200 + seeded.nextInt(1500)));
                    world.restartOperator();
                }
                await().atMost(PATIENCE).until(() -> {
                    MetalStackFirewallDeployment rough = deployment(namespace, "rough");
                    return rough.getStatus() != null
                            && rough.getStatus().getPendingFirewall() == null
                            && "UpToDate".equals(upToDate(rough).getReason())
                            && rough.getStatus().isReady();
                });
            } finally {
                world.simulator().faults().reset();
            }
            String active = deployment(namespace, "rough").getStatus().getActiveFirewall();
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(firewallIds(cluster)).containsExactly(active));
            assertThat(world.simulator()
                            .counters()
                            .firewallIdsIn(cluster.getStatus().getNodeNetworkID()))
                    .containsExactly(active);
            protection.assertNeverUnprotected();
        }
        deleteAndAssertFreed(namespace, "rough", cluster);
    }

    private static MetalStackCluster createReadyCluster(String namespace, String name, String deploymentSpec) {
        assertSucceeded(kubectl.runWithInput(
                TEMPLATE.formatted(
                        name,
                        namespace,
                        ClusterApiWorld.FIREWALL_IMAGE,
                        ClusterApiWorld.FIREWALL_SIZE,
                        ClusterApiWorld.EXTERNAL_NETWORK,
                        deploymentSpec),
                "apply",
                "-f",
                "-"));
        core.createCluster(namespace, name, false, "firewallDeploymentRef:\n  name: " + name);
        MetalStackCluster ready = await().atMost(PATIENCE)
                .until(
                        () -> infrastructure(namespace, name),
                        c -> c != null && c.getStatus() != null && c.getStatus().isReady());
        assertThat(firewallIds(ready))
                .containsExactly(deployment(namespace, name).getStatus().getActiveFirewall());
        return ready;
    }

    /** A rule change: a new firewall is wanted. */
    private static void setSshPort(String namespace, String name, int port) {
        patchTemplate(
                namespace,
                name,
                "[{\"op\":\"add\",\"path\":\"/spec/initialRuleSet/ingress/-\",\"value\":{\"comment\":\"ssh\","
                        + "\"protocol\":\"TCP\",\"ports\":[" + port + "],\"from\":[\"203.0.113.0/24\"]}}]");
    }

    private static void revertSsh(String namespace, String name) {
        patchTemplate(namespace, name, "[{\"op\":\"remove\",\"path\":\"/spec/initialRuleSet/ingress/1\"}]");
    }

    private static void patchTemplate(String namespace, String name, String jsonPatch) {
        assertSucceeded(kubectl.run(
                "patch", "metalstackfirewalltemplate", name, "-n", namespace, "--type=json", "-p", jsonPatch));
    }

    /** Deleting the MetalStackCluster deletes the deployment, which frees the firewall; then the network goes. */
    private static void deleteAndAssertFreed(String namespace, String name, MetalStackCluster cluster) {
        client.resource(infrastructure(namespace, name)).delete();
        await().atMost(PATIENCE).until(() -> infrastructure(namespace, name) == null);
        assertThat(deployment(namespace, name)).isNull();
        assertThat(firewallIds(cluster)).isEmpty();
        assertThat(world.simulator()
                        .counters()
                        .firewallIdsIn(cluster.getStatus().getNodeNetworkID()))
                .isEmpty();
        assertThat(eventReasons(namespace)).contains("FirewallDeleting", "FirewallFreed", "NetworkFreed");
    }

    private static List<String> firewallIds(MetalStackCluster cluster) {
        return firewalls(cluster).stream().map(Machine::id).toList();
    }

    /**
     * The template hashes the cluster's firewalls were allocated for (the simulator may give a freed machine, same id,
     * to the next allocation).
     */
    private static List<String> templateHashes(MetalStackCluster cluster) {
        return firewalls(cluster).stream()
                .flatMap(firewall -> firewall.tags().stream())
                .filter(tag -> tag.startsWith("metal-stack.infrastructure.cluster.x-k8s.io/firewall-template-hash="))
                .toList();
    }

    private static List<Machine> firewalls(MetalStackCluster cluster) {
        String id =
                cluster.getMetadata().getAnnotations().get("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");
        return metal.findFirewalls(new MachineQuery(null, null, null, List.of("cluster.metal-stack.io/id=" + id)));
    }

    private static Condition upToDate(MetalStackFirewallDeployment deployment) {
        return deployment.getStatus() == null
                ? new Condition()
                : deployment.getStatus().getConditions().stream()
                        .filter(c -> "FirewallUpToDate".equals(c.getType()))
                        .findFirst()
                        .orElse(new Condition());
    }

    private static String eventReasons(String namespace) {
        return kubectl.run("get", "events", "-n", namespace, "-o", "jsonpath={.items[*].reason}")
                .stdout();
    }

    private static MetalStackCluster infrastructure(String namespace, String name) {
        return client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static MetalStackFirewallDeployment deployment(String namespace, String name) {
        return client.resources(MetalStackFirewallDeployment.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** Samples every 20 ms how many ready firewalls the simulator shows in the cluster's node network. */
    private static final class Protection implements AutoCloseable {
        private final List<Integer> readyFirewalls = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        Protection(MetalStackCluster cluster) {
            String network = cluster.getStatus().getNodeNetworkID();
            sampler.scheduleAtFixedRate(
                    () -> readyFirewalls.add(world.simulator()
                            .counters()
                            .readyFirewallIdsIn(network)
                            .size()),
                    0,
                    20,
                    TimeUnit.MILLISECONDS);
        }

        void assertNeverUnprotected() {
            assertThat(readyFirewalls).isNotEmpty().doesNotContain(0);
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }
}

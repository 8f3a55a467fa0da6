package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.sim.SimulatorCounters;
import io.github.xcluster.testing.MetalCalls;
import io.github.xcluster.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A change of an XCluster's firewall template rolls out on the real API server: the new firewall is up before the old
 * one goes, and all along the simulator shows the cluster's network with a ready firewall and the XCluster Ready.
 */
class FirewallRolloutTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String LARGE_SIZE = "c1-xlarge-x86";

    private final LocalWorld world = SharedWorld.get();
    private final KubernetesClient client = world.client();
    private final Kubectl kubectl = world.kubectl();
    private final SimulatorCounters counters = world.simulator().counters();

    @Test
    void anImageChangeBringsANewFirewallUpBeforeTheOldOneGoes() {
        String namespace = SharedWorld.newNamespace("rollout");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "web"), "apply", "-f", "-"));
        XCluster ready = awaitReady(namespace, "web");
        XFirewall first = firewall(namespace, "web");
        assertThat(ready.getStatus().getActiveFirewall()).isEqualTo("web");

        try (Protection protection = Protection.watch(this, namespace, "web")) {
            setImage(namespace, "web", "firewall-ubuntu-3.0");
            await().atMost(PATIENCE)
                    .until(() -> cluster(namespace, "web").getStatus().getPendingFirewall() != null);
            String pending = cluster(namespace, "web").getStatus().getPendingFirewall();
            assertThat(kubectl.run("get", "xfirewall", "-n", namespace).stdout())
                    .containsPattern("web\\s+\\S+\\s+active")
                    .containsPattern(pending + "\\s+\\S+\\s+pending");
            assertThat(condition(cluster(namespace, "web"), "FirewallUpToDate"))
                    .satisfies(c -> assertThat(c.getReason()).isIn("RollingOut"))
                    .satisfies(c -> assertThat(c.getMessage()).contains(pending + " replaces web once it is ready"));

            XCluster rolledOut = awaitUpToDate(namespace, "web");
            assertThat(rolledOut.getStatus().getActiveFirewall()).isEqualTo(pending);
            assertThat(firewall(namespace, pending).getSpec().getImage()).startsWith("firewall-ubuntu-3.0.");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(firewalls(namespace))
                            .extracting(f -> f.getMetadata().getName())
                            .containsExactly(pending));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(counters.firewallIdsIn(networkOf(rolledOut)))
                            .containsExactly(
                                    firewall(namespace, pending).getStatus().getMachineID()));
            assertThat(counters.machineIdsWithTag(firewallTag(first))).isEmpty();
            protection.assertNeverUnprotected();
        }
        assertThat(eventReasons(namespace, "web")).contains("FirewallRollout", "FirewallReplaced");
        deleteAndAssertFreed(namespace, "web");
    }

    @Test
    void aFirewallThatNeverComesUpMissesTheDeadlineKeepsTheOldOneAndARevertFreesIt() {
        String namespace = SharedWorld.newNamespace("stuck");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "stuck"), "apply", "-f", "-"));
        patch(namespace, "stuck", "{\"spec\":{\"firewallUpdate\":{\"progressDeadlineSeconds\":3}}}");
        awaitReady(namespace, "stuck");
        String before = firewall(namespace, "stuck").getSpec().getImage();

        try (Protection protection = Protection.watch(this, namespace, "stuck")) {
            setImage(namespace, "stuck", "firewall-ubuntu-3.0");
            String pending = await().atMost(PATIENCE)
                    .until(() -> cluster(namespace, "stuck").getStatus().getPendingFirewall(), name -> name != null);
            String machineId = await().atMost(PATIENCE)
                    .until(() -> machineOf(namespace, pending), Optional::isPresent)
                    .orElseThrow();
            world.simulator().machineFaults().crashLoop(machineId);

            await().atMost(PATIENCE)
                    .until(() -> "ProgressDeadlineExceeded"
                            .equals(condition(cluster(namespace, "stuck"), "FirewallUpToDate")
                                    .getReason()));
            XCluster stuck = cluster(namespace, "stuck");
            assertThat(stuck.getStatus().isReady()).isTrue();
            assertThat(stuck.getStatus().getActiveFirewall()).isEqualTo("stuck");
            assertThat(condition(stuck, "FirewallUpToDate").getMessage())
                    .contains("XFirewall " + pending + " is not ready after 3 s")
                    .contains("stuck keeps serving")
                    .contains("crash loop")
                    .contains("Revert the template to cancel the rollout");
            assertThat(eventReasons(namespace, "stuck")).contains("ProgressDeadlineExceeded");

            setImage(namespace, "stuck", "firewall-ubuntu-2.0");
            XCluster reverted = awaitUpToDate(namespace, "stuck");
            assertThat(reverted.getStatus().getActiveFirewall()).isEqualTo("stuck");
            assertThat(firewall(namespace, "stuck").getSpec().getImage()).isEqualTo(before);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(firewalls(namespace))
                        .extracting(f -> f.getMetadata().getName())
                        .containsExactly("stuck");
                assertThat(world.simulator().counters().freeMachineIds(Samples.PARTITION, Samples.SIZE))
                        .contains(machineId);
            });
            protection.assertNeverUnprotected();
        }
        deleteAndAssertFreed(namespace, "stuck");
    }

    @Test
    void changedRulesRollOutAndReachMetalApi() {
        String namespace = SharedWorld.newNamespace("rules");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "ruled"), "apply", "-f", "-"));
        awaitReady(namespace, "ruled");
        try (Protection protection = Protection.watch(this, namespace, "ruled")) {
            patch(namespace, "ruled", """
                    {"spec":{"xFirewallTemplate":{"spec":{"initialRuleSet":{
                      "egress":[{"protocol":"UDP","ports":[53,123],"to":["0.0.0.0/0"],"comment":"dns and ntp"}],
                      "ingress":[{"ports":[443],"from":["203.0.113.0/24"],"comment":"web"}]}}}}}
                    """);
            XCluster rolledOut = awaitUpToDate(namespace, "ruled");
            assertThat(rolledOut.getStatus().getActiveFirewall()).isNotEqualTo("ruled");
            String machineId = firewall(namespace, rolledOut.getStatus().getActiveFirewall())
                    .getStatus()
                    .getMachineID();
            MetalCalls.Answer answer = MetalCalls.admin(world.simulator().baseUrl(), world.hmacKey())
                    .get("/v1/firewall/" + machineId);
            assertThat(answer.body().path("allocation").path("firewall_rules").toString())
                    .isEqualTo("{\"egress\":[{\"protocol\":\"udp\",\"ports\":[53,123],\"to\":[\"0.0.0.0/0\"],"
                            + "\"comment\":\"dns and ntp\"}],\"ingress\":[{\"protocol\":\"tcp\",\"ports\":[443],"
                            + "\"from\":[\"203.0.113.0/24\"],\"comment\":\"web\"}]}");
            protection.assertNeverUnprotected();
        }
        deleteAndAssertFreed(namespace, "ruled");
    }

    @Test
    void withoutASpareMachineARollingUpdateSaysSoAndRecreateReplacesInPlace() {
        String namespace = SharedWorld.newNamespace("nospare");
        assertSucceeded(kubectl.runWithInput(largeSample(namespace, "big"), "apply", "-f", "-"));
        XCluster ready = awaitReady(namespace, "big");
        String oldMachine = firewall(namespace, "big").getStatus().getMachineID();
        MetalApi metal =
                HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
        Network holders = metal.allocateNetwork(new NetworkAllocationRequest(
                Samples.PROJECT, Samples.PARTITION, "holders", "takes every large machine", Map.of()));
        List<Machine> taken = new ArrayList<>();
        for (String free : counters.freeMachineIds(Samples.PARTITION, LARGE_SIZE)) {
            taken.add(metal.allocateMachine(holder(free, holders.id())));
        }
        try {
            patch(
                    namespace,
                    "big",
                    "{\"spec\":{\"xFirewallTemplate\":{\"spec\":{\"sshPublicKeys\":[\"" + Samples.SSH_KEY + "\"]}}}}");
            await().atMost(PATIENCE)
                    .until(() -> "NoSpareMachine"
                            .equals(condition(cluster(namespace, "big"), "FirewallUpToDate")
                                    .getReason()));
            XCluster waiting = cluster(namespace, "big");
            assertThat(waiting.getStatus().isReady()).isTrue();
            assertThat(condition(waiting, "FirewallUpToDate").getMessage())
                    .contains("RollingUpdate needs a free machine of size c1-xlarge-x86 in partition vagrant")
                    .contains("big keeps serving")
                    .contains("set spec.firewallUpdate.strategy to Recreate");

            XCluster recreated;
            try (Protection protection = Protection.watch(this, namespace, "big")) {
                patch(namespace, "big", "{\"spec\":{\"firewallUpdate\":{\"strategy\":\"Recreate\"}}}");
                awaitUpToDate(namespace, "big");
                recreated = awaitReady(namespace, "big");
                protection.assertWasUnprotected();
            }
            XFirewall replacement = firewall(namespace, recreated.getStatus().getActiveFirewall());
            assertThat(replacement.getSpec().getSshPublicKeys()).containsExactly(Samples.SSH_KEY);
            assertThat(replacement.getStatus().getMachineID())
                    .as("the only large machine free is the one the old firewall gave back")
                    .isEqualTo(oldMachine);
            assertThat(counters.firewallIdsIn(networkOf(ready))).hasSize(1);
            assertThat(eventReasons(namespace, "big")).contains("FirewallRecreating");
        } finally {
            taken.forEach(machine -> metal.freeMachine(machine.id()));
            await().atMost(PATIENCE).untilAsserted(() -> metal.freeNetwork(holders.id()));
        }
        deleteAndAssertFreed(namespace, "big");
    }

    @Test
    void anOperatorKilledAtRandomMomentsOfARolloutUnderMetalApiErrorsLeavesOneFirewall() {
        String namespace = SharedWorld.newNamespace("rough");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "rough"), "apply", "-f", "-"));
        XCluster ready = awaitReady(namespace, "rough");
        Random seeded = new Random(17);
        try (Protection protection = Protection.watch(this, namespace, "rough")) {
            world.simulator().faults().errorRate(0.3);
            try {
                setImage(namespace, "rough", "firewall-ubuntu-3.0");
                for (int restart = 0; restart < 3; restart++) {
                    Pause.of(Duration.ofMillis(200 + seeded.nextInt(1500)));
                    world.restartOperator();
                }
                await().atMost(PATIENCE)
                        .until(() -> isUpToDate(cluster(namespace, "rough"))
                                && cluster(namespace, "rough").getStatus().isReady());
            } finally {
                world.simulator().faults().reset();
            }
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(firewalls(namespace)).hasSize(1));
            XFirewall survivor = firewalls(namespace).get(0);
            assertThat(survivor.getSpec().getImage()).startsWith("firewall-ubuntu-3.0.");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(counters.firewallIdsIn(networkOf(ready)))
                            .containsExactly(survivor.getStatus().getMachineID()));
            protection.assertNetworkNeverUnprotected();
            protection.assertNotReadyOnlyForMetalApiFailures();
        }
        deleteAndAssertFreed(namespace, "rough");
    }

    /**
     * Watches, from the moment it is made, that the XCluster stays Ready and, apart, that its network has a ready
     * firewall in the simulator (sampled every 20 ms); the operator may restart meanwhile.
     */
    private static final class Protection implements AutoCloseable {
        private final List<String> unprotected = new CopyOnWriteArrayList<>();
        private final List<String> notReady = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final Watch watch;

        private Protection(FirewallRolloutTest test, String namespace, String name) {
            String network = networkOf(test.cluster(namespace, name));
            sampler.scheduleAtFixedRate(
                    () -> {
                        if (test.counters.readyFirewallIdsIn(network).isEmpty()) {
                            unprotected.add("network " + network + " had no ready firewall");
                        }
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);
            watch = test.client
                    .resources(XCluster.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, XCluster cluster) {
                            if (cluster.getStatus() != null
                                    && !cluster.getStatus().isReady()) {
                                notReady.add("xcluster " + name + " was not Ready: "
                                        + condition(cluster, "Ready").getMessage());
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            notReady.add("the watch closed: " + cause.getMessage());
                        }
                    });
        }

        static Protection watch(FirewallRolloutTest test, String namespace, String name) {
            return new Protection(test, namespace, name);
        }

        void assertNeverUnprotected() {
            assertNetworkNeverUnprotected();
            assertThat(notReady).as("moments the XCluster was not Ready").isEmpty();
        }

        void assertNetworkNeverUnprotected() {
            assertThat(unprotected).as("moments without a ready firewall").isEmpty();
        }

        /**
         * Under metal-api errors a failed lookup makes Ready False with metal-api's message until the next look
         * succeeds; anything else (an operator's shutdown, a missing firewall) would be a defect.
         */
        void assertNotReadyOnlyForMetalApiFailures() {
            assertThat(notReady).allSatisfy(v -> assertThat(v).contains("simulated metal-api failure"));
        }

        /** What Recreate announces, and proof that this watch sees a gap when there is one. */
        void assertWasUnprotected() {
            assertThat(unprotected).isNotEmpty();
            assertThat(notReady).anySatisfy(v -> assertThat(v).contains("was not Ready"));
        }

        @Override
        public void close() {
            watch.close();
            sampler.shutdownNow();
        }
    }

    private void setImage(String namespace, String name, String image) {
        patch(namespace, name, "{\"spec\":{\"xFirewallTemplate\":{\"spec\":{\"image\":\"" + image + "\"}}}}");
    }

    private void patch(String namespace, String name, String mergePatch) {
        assertSucceeded(kubectl.run("patch", "xcluster/" + name, "-n", namespace, "--type=merge", "-p", mergePatch));
    }

    private XCluster awaitReady(String namespace, String name) {
        await().atMost(PATIENCE).until(() -> {
            XCluster cluster = cluster(namespace, name);
            return cluster.getStatus() != null && cluster.getStatus().isReady();
        });
        return cluster(namespace, name);
    }

    private XCluster awaitUpToDate(String namespace, String name) {
        await().atMost(PATIENCE).until(() -> isUpToDate(cluster(namespace, name)));
        return cluster(namespace, name);
    }

    private static boolean isUpToDate(XCluster cluster) {
        Condition upToDate = condition(cluster, "FirewallUpToDate");
        return upToDate != null
                && "True".equals(upToDate.getStatus())
                && cluster.getStatus().getPendingFirewall() == null
                && cluster.getStatus().getObservedGeneration()
                        == cluster.getMetadata().getGeneration();
    }

    private static Condition condition(XCluster cluster, String type) {
        if (cluster.getStatus() == null) {
            return null;
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    private XCluster cluster(String namespace, String name) {
        return client.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private XFirewall firewall(String namespace, String name) {
        return client.resources(XFirewall.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private List<XFirewall> firewalls(String namespace) {
        return client.resources(XFirewall.class).inNamespace(namespace).list().getItems().stream()
                .filter(f -> f.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private Optional<String> machineOf(String namespace, String firewallName) {
        XFirewall firewall = firewall(namespace, firewallName);
        return Optional.ofNullable(firewall).map(XFirewall::getStatus).map(status -> status.getMachineID());
    }

    private static String networkOf(XCluster cluster) {
        return cluster.getStatus().getPrivateNetworkID();
    }

    private static String firewallTag(XFirewall firewall) {
        return "cluster.www.x-cellent.com/xfirewall-uid="
                + firewall.getMetadata().getUid();
    }

    private List<String> eventReasons(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())
                        && "XCluster".equals(e.getInvolvedObject().getKind()))
                .map(Event::getReason)
                .toList();
    }

    private static String largeSample(String namespace, String name) {
        return sample(namespace, name)
                .replace("image: firewall-ubuntu-2.0", "image: firewall-ubuntu-3.0")
                .replace("size: v1-small-x86", "size: " + LARGE_SIZE);
    }

    private static MachineAllocationRequest holder(String machineId, String networkId) {
        return new MachineAllocationRequest(
                "holder",
                "holder",
                "",
                Samples.PROJECT,
                Samples.PARTITION,
                LARGE_SIZE,
                "ubuntu-cloud-init-20.04",
                machineId,
                List.of(networkId),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of());
    }

    private void deleteAndAssertFreed(String namespace, String name) {
        XCluster cluster = cluster(namespace, name);
        String network = networkOf(cluster);
        assertSucceeded(kubectl.run("delete", "xcluster/" + name, "-n", namespace, "--timeout=60s"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(firewalls(namespace)).isEmpty();
            assertThat(counters.firewallIdsIn(network)).isEmpty();
            assertThat(counters.networkIdsWithLabel(
                            "cluster.www.x-cellent.com/xcluster-uid",
                            cluster.getMetadata().getUid()))
                    .isEmpty();
        });
    }
}

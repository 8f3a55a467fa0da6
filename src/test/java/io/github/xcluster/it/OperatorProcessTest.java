package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.sim.SimulatorCounters;
import io.github.xcluster.testing.Samples;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator as a process of its own, as Kubernetes runs it, against a real API server and the
 * simulator: SIGKILLed at random moments, two replicas with leader election, a kube-apiserver
 * restart. Nothing is ever doubled or leaked, and no log line or event carries a credential.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorProcessTest {
    private static final Path WORK_DIR = Path.of("target/operator-processes");
    private static final String HMAC_KEY = "hmac-" + UUID.randomUUID();
    private static final String TOKEN = "token-" + UUID.randomUUID();
    private static final String NETWORK_ALLOCATE = "POST /v1/network/allocate";
    private static final String FIREWALL_ALLOCATE = "POST /v1/firewall/allocate";
    /**
     * JOSDK's defaults: a lease lasts 15 s after its last renewal and a follower tries every 2 s with
     * up to 20 % jitter, so a follower holds the lease at most 17.4 s after the leader's death; the
     * rest is slack for a loaded machine.
     */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);

    private static final String JSON_LOGGING_OPERATOR = "apiserver-restart";

    private static LocalApiServer apiServer;
    private static KubernetesClient admin;
    private MetalSimulator simulator;
    private Allocations allocations;
    private static final List<OperatorProcess> operators = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startApiServer() {
        apiServer = LocalApiServer.start(WORK_DIR, System.getenv());
        admin = apiServer.newClient();
        CrdInstaller.install(admin, Path.of("config/crd/bases"));
    }

    /** Each test its own metal-api, so one test's failure does not show up as another's leak. */
    @BeforeEach
    void startSimulator() {
        simulator = MetalSimulator.builder()
                .hmacKey(HMAC_KEY)
                .bearerToken(TOKEN)
                .machinesPerSize(60)
                .provisioningStep(Duration.ofMillis(100))
                .build()
                .start();
        allocations = new Allocations(admin, simulator.counters());
    }

    /** A failed test must not leave an operator behind to reconcile the next test's objects. */
    @AfterEach
    void killOperatorsLeftRunning() {
        operators.stream().filter(OperatorProcess::isAlive).forEach(OperatorProcess::kill);
        simulator.close();
    }

    @AfterAll
    static void stopApiServer() {
        admin.close();
        apiServer.close();
    }

    @Test
    @Order(1)
    void killedAtRandomMomentsWhileClustersComeAndGoItNeitherDoublesNorLeaks() throws InterruptedException {
        String namespace = newNamespace("crash");
        long seed = Long.getLong("xcluster.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        SeededKiller killer = new SeededKiller("crash", seed + 1);

        List<String> names = IntStream.range(0, 50).mapToObj(i -> "crash-" + i).toList();
        for (String name : names) {
            admin.resource(Samples.xcluster(namespace, name)).create();
            Pause.of(Duration.ofMillis(200));
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, random);
        List<String> deleted = shuffled.subList(0, 25);
        for (String name : deleted) {
            admin.resources(XCluster.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .delete();
            Pause.of(Duration.ofMillis(200));
        }
        killer.stopAfter(4);

        List<String> live =
                names.stream().filter(name -> !deleted.contains(name)).toList();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(readyClusters(namespace))
                            .as("ready xclusters (seed %d)", seed)
                            .containsExactlyInAnyOrderElementsOf(live);
                    assertThat(admin.resources(XCluster.class)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems())
                            .as("xclusters left (seed %d)", seed)
                            .extracting(cluster -> cluster.getMetadata().getName())
                            .containsExactlyInAnyOrderElementsOf(live);
                });
        live.forEach(name -> allocations.assertOneNetworkAndOneFirewall(namespace, name));
        assertThat(simulator.counters().allocatedNetworks())
                .as("networks held (seed %d)", seed)
                .isEqualTo(live.size());
        assertThat(simulator.counters().allocatedMachines())
                .as("machines held (seed %d)", seed)
                .isEqualTo(live.size());

        deleteAllAndAwaitNothingHeld(namespace);
        killer.operator().stop();
    }

    @Test
    @Order(2)
    void killedAtRandomMomentsOfFirewallRolloutsItLeavesOneFirewallPerClusterAndNeverNone()
            throws InterruptedException {
        String namespace = newNamespace("rollout");
        long seed = Long.getLong("xcluster.crash.seed", System.nanoTime());
        SeededKiller killer = new SeededKiller("rollout", seed);
        List<String> names =
                IntStream.range(0, 10).mapToObj(i -> "rollout-" + i).toList();
        names.forEach(name -> admin.resource(Samples.xcluster(namespace, name)).create());
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(readyClusters(namespace)).containsAll(names));
        List<String> networks = names.stream()
                .map(name -> cluster(namespace, name).getStatus().getPrivateNetworkID())
                .toList();
        List<String> unprotected = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> networks.stream()
                        .filter(network ->
                                simulator.counters().readyFirewallIdsIn(network).isEmpty())
                        .forEach(unprotected::add),
                0,
                20,
                TimeUnit.MILLISECONDS);
        try {
            for (String name : names) {
                admin.resources(XCluster.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(cluster -> {
                            cluster.getSpec().getXFirewallTemplate().getSpec().setImage("firewall-ubuntu-3.0");
                            return cluster;
                        });
                Pause.of(Duration.ofMillis(300));
            }
            killer.stopAfter(4);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        for (int i = 0; i < names.size(); i++) {
                            List<XFirewall> firewalls = admin.resources(XFirewall.class)
                                    .inNamespace(namespace)
                                    .withLabel("cluster.www.x-cellent.com/xcluster", names.get(i))
                                    .list()
                                    .getItems();
                            assertThat(firewalls)
                                    .as("xfirewalls of %s (seed %d)", names.get(i), seed)
                                    .singleElement()
                                    .satisfies(f ->
                                            assertThat(f.getSpec().getImage()).isEqualTo("firewall-ubuntu-3.0"))
                                    .satisfies(f ->
                                            assertThat(f.getStatus().isReady()).isTrue());
                            assertThat(simulator.counters().firewallIdsIn(networks.get(i)))
                                    .as("firewall machines in the network of %s (seed %d)", names.get(i), seed)
                                    .containsExactly(
                                            firewalls.get(0).getStatus().getMachineID());
                        }
                    });
        } finally {
            sampler.shutdownNow();
        }
        assertThat(unprotected)
                .as("networks seen without a ready firewall (seed %d)", seed)
                .isEmpty();
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(names.size());
        deleteAllAndAwaitNothingHeld(namespace);
        killer.operator().stop();
    }

    /** An operator process SIGKILLed after a seeded random 0.2 to 2.5 s of each life and started again at once. */
    private final class SeededKiller {
        private final AtomicReference<OperatorProcess> operator;
        private final AtomicBoolean churning = new AtomicBoolean(true);
        private final List<Instant> kills = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        SeededKiller(String prefix, long seed) {
            operator = new AtomicReference<>(startOperator(prefix + "-0", hmac()));
            thread = new Thread(
                    () -> {
                        Random timing = new Random(seed);
                        while (churning.get()) {
                            operator.get().awaitStarted(Duration.ofMinutes(1));
                            Pause.of(Duration.ofMillis(200 + timing.nextInt(2300)));
                            operator.get().kill();
                            kills.add(Instant.now());
                            operator.set(startOperator(prefix + "-" + kills.size(), hmac()));
                        }
                    },
                    "operator-killer");
            thread.start();
        }

        /** Lets it kill at least {@code count} times in all, then leaves the last operator running. */
        void stopAfter(int count) throws InterruptedException {
            await().atMost(Duration.ofMinutes(3)).until(() -> kills.size() >= count);
            churning.set(false);
            thread.join();
        }

        OperatorProcess operator() {
            return operator.get();
        }
    }

    private XCluster cluster(String namespace, String name) {
        return admin.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    @Test
    @Order(3)
    void onlyTheLeaderReconcilesAndTheOtherTakesOverWithinTheLeaseTime() {
        String namespace = newNamespace("leader");
        Map<String, String> election = new HashMap<>(hmac());
        election.putAll(Map.of("LEADER_ELECTION", "true", "LEADER_ELECTION_NAMESPACE", namespace));
        OperatorProcess first = startOperator("replica-a", election);
        OperatorProcess second = startOperator("replica-b", election);
        String leaderName =
                await().atMost(Duration.ofSeconds(60)).until(() -> leaseHolder(namespace), holder -> holder != null);
        OperatorProcess leader = leaderName.equals(first.name()) ? first : second;
        OperatorProcess follower = leader == first ? second : first;
        SimulatorCounters counters = simulator.counters();
        long networkAllocations = counters.calls(NETWORK_ALLOCATE);
        long firewallAllocations = counters.calls(FIREWALL_ALLOCATE);

        createAndAwaitReady(namespace, "before-", 5);
        assertThat(leader.log()).contains("network allocated namespace=" + namespace);
        assertThat(follower.log()).doesNotContain("namespace=" + namespace);

        Instant killed = Instant.now();
        leader.kill();
        await().atMost(TAKEOVER_BOUND.plusSeconds(10))
                .until(() -> follower.name().equals(leaseHolder(namespace)));
        Duration takeover = Duration.between(killed, Instant.now());
        System.out.printf(
                "leader %s killed; %s took over after %d ms%n", leader.name(), follower.name(), takeover.toMillis());
        assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_BOUND);

        createAndAwaitReady(namespace, "after-", 5);
        assertThat(follower.log()).contains("network allocated namespace=" + namespace + " name=after-0");
        assertThat(counters.calls(NETWORK_ALLOCATE) - networkAllocations)
                .as("network allocations for 10 clusters")
                .isEqualTo(10);
        assertThat(counters.calls(FIREWALL_ALLOCATE) - firewallAllocations)
                .as("firewall allocations for 10 clusters")
                .isEqualTo(10);

        deleteAllAndAwaitNothingHeld(namespace);
        follower.stop();
    }

    @Test
    @Order(4)
    void anApiServerRestartDuringReconciliationIsRiddenOut() {
        String namespace = newNamespace("apiserver");
        OperatorProcess operator =
                startOperator(JSON_LOGGING_OPERATOR, Map.of("METAL_API_TOKEN", TOKEN, "LOG_FORMAT", "json"));
        simulator.faults().latency(Duration.ofMillis(150));
        try {
            IntStream.range(0, 10)
                    .forEach(i -> admin.resource(Samples.xcluster(namespace, "restart-" + i))
                            .create());
            apiServer.restartApiServer();
        } finally {
            simulator.faults().reset();
        }
        createAndAwaitReady(namespace, "after-restart-", 1);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> readyClusters(namespace).size() == 11);
        readyClusters(namespace).forEach(name -> allocations.assertOneNetworkAndOneFirewall(namespace, name));
        assertThat(operator.isAlive())
                .as("the operator reconnected instead of dying")
                .isTrue();

        deleteAllAndAwaitNothingHeld(namespace);
        operator.stop();
    }

    @Test
    @Order(5)
    void noLogLineOrEventOfTheseRunsCarriesTheHmacKeyOrTheToken() {
        assertThat(operators).hasSizeGreaterThan(5);
        for (OperatorProcess operator : operators) {
            assertThat(operator.log())
                    .contains(OperatorProcess.STARTED)
                    .doesNotContain(HMAC_KEY)
                    .doesNotContain(TOKEN);
        }
        List<Event> events =
                admin.events().v1().events().inAnyNamespace().list().getItems();
        assertThat(events).hasSizeGreaterThan(100);
        assertThat(events)
                .allSatisfy(event -> assertThat(String.join(
                                " ",
                                String.valueOf(event.getNote()),
                                event.getReason(),
                                String.valueOf(event.getDeprecatedSource())))
                        .doesNotContain(HMAC_KEY)
                        .doesNotContain(TOKEN));
    }

    @Test
    @Order(6)
    void withLogFormatJsonEveryLineIsOneJsonObjectWithLevelLoggerAndMessage() throws Exception {
        OperatorProcess operator = operators.stream()
                .filter(o -> o.name().equals(JSON_LOGGING_OPERATOR))
                .findFirst()
                .orElseThrow();
        List<String> lines = operator.log().lines().toList();
        assertThat(lines).hasSizeGreaterThan(10);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(entry.path("loggerName").asText()).as(line).isNotBlank();
            assertThat(entry.path("formattedMessage").asText()).as(line).isNotBlank();
        }
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(OperatorProcess.STARTED));
    }

    private Map<String, String> hmac() {
        return Map.of("METAL_API_HMAC", HMAC_KEY);
    }

    private OperatorProcess startOperator(String name, Map<String, String> credentials) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("KUBECONFIG", apiServer.kubeconfig().toAbsolutePath().toString());
        env.put("METAL_API_URL", simulator.baseUrl());
        env.put("WEBHOOKS_ENABLED", "false");
        env.put("TENANCY", "single-tenant");
        env.put("HEALTH_PORT", "0");
        env.put("METRICS_PORT", "0");
        OperatorProcess operator = OperatorProcess.start(name, env, WORK_DIR);
        operators.add(operator);
        return operator;
    }

    private static String newNamespace(String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    private static String leaseHolder(String namespace) {
        Lease lease = admin.leases()
                .inNamespace(namespace)
                .withName("xcluster-operator-leader")
                .get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private void createAndAwaitReady(String namespace, String prefix, int count) {
        List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        names.forEach(name -> admin.resource(Samples.xcluster(namespace, name)).create());
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(readyClusters(namespace)).containsAll(names));
    }

    private List<String> readyClusters(String namespace) {
        return admin.resources(XCluster.class).inNamespace(namespace).list().getItems().stream()
                .filter(cluster ->
                        cluster.getStatus() != null && cluster.getStatus().isReady())
                .map(cluster -> cluster.getMetadata().getName())
                .toList();
    }

    private void deleteAllAndAwaitNothingHeld(String namespace) {
        admin.resources(XCluster.class).inNamespace(namespace).delete();
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(admin.resources(XCluster.class)
                            .inNamespace(namespace)
                            .list()
                            .getItems())
                    .isEmpty();
            assertThat(simulator.counters().allocatedNetworks()).isZero();
            assertThat(simulator.counters().allocatedMachines()).isZero();
        });
    }
}

package io.github.xcluster.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.metal.FirewallRules;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.tenancy.TenantMetalApis;
import io.github.xcluster.testing.Samples;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both controllers against the fabric8 mock API server (CRUD mode) and the metal-api simulator. */
@EnableKubernetesMockClient(crud = true)
class ControllersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    static KubernetesClient client;

    private MetalSimulator simulator;
    private MetalApi metal;
    private Operator operator;
    private String namespace;

    @BeforeEach
    void start() {
        simulator = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .machinesPerSize(6)
                .provisioningStep(Duration.ofMillis(20))
                .build()
                .start();
        metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), "metal-admin"));
        namespace = "test-" + System.nanoTime();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        simulator.close();
    }

    private void startOperator() {
        startOperator(Clock.systemUTC());
    }

    private void startOperator(Clock clock) {
        startOperator(clock, XClusterOperator.metalApiRetry(), Optional.empty());
    }

    private void startOperator(Clock clock, GenericRetry retry, Optional<MeterRegistry> metrics) {
        ControllerSettings onlyThisTest = new ControllerSettings(Set.of(namespace), Optional.empty(), 4, metrics);
        operator = XClusterOperator.create(
                client,
                metal,
                MetalApiChanges.none(),
                TenantMetalApis.operatorsOnly(metal),
                onlyThisTest,
                clock,
                retry);
        operator.start();
    }

    @Test
    void sampleBecomesReadyWithOneNetworkAndOnePhonedHomeFirewall() {
        startOperator();
        client.resource(Samples.xcluster(namespace, "x-cellent")).create();

        XCluster cluster = awaitReady("x-cellent");
        XFirewall firewall = client.resources(XFirewall.class)
                .inNamespace(namespace)
                .withName("x-cellent")
                .get();
        assertThat(firewall.getStatus().isReady()).isTrue();
        assertThat(firewall.getStatus().getLastEvent()).isEqualTo("Phoned Home");
        assertThat(firewall.getStatus().getLiveliness()).isEqualTo("Alive");
        assertThat(firewall.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref ->
                        assertThat(ref.getUid()).isEqualTo(cluster.getMetadata().getUid()));
        assertThat(firewall.getSpec().getPrivateNetworkID())
                .isEqualTo(cluster.getStatus().getPrivateNetworkID());
        assertThat(simulator.counters().lastEvent(firewall.getStatus().getMachineID()))
                .isEqualTo("Phoned Home");
        assertThat(conditionTypes(cluster)).contains("Ready", "NetworkReady", "FirewallReady");
        assertThat(cluster.getStatus().getObservedGeneration())
                .isEqualTo(cluster.getMetadata().getGeneration());
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(1);
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(1);
        assertThat(cluster.getMetadata().getFinalizers()).contains(XCluster.FINALIZER);
    }

    @Test
    void anXFirewallOfTheClustersNameThatItDoesNotOwnIsReportedAndLeftAlone() {
        XFirewall foreign = new XFirewall();
        foreign.getMetadata().setName("namesake");
        foreign.getMetadata().setNamespace(namespace);
        foreign.setSpec(Samples.xcluster(namespace, "namesake")
                .getSpec()
                .getXFirewallTemplate()
                .getSpec());
        foreign.getSpec().setPrivateNetworkID("00000000-0000-0000-0000-0000000000aa");
        XFirewall before = client.resource(foreign).create();
        startOperator();
        client.resource(Samples.xcluster(namespace, "namesake")).create();

        XCluster cluster = awaitReady("namesake");

        XFirewall after = client.resources(XFirewall.class)
                .inNamespace(namespace)
                .withName("namesake")
                .get();
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(Optional.ofNullable(after.getMetadata().getLabels()).orElse(Map.of()))
                .doesNotContainKey(XFirewall.ROLE_LABEL);
        assertThat(after.getMetadata().getGeneration())
                .as("the foreign firewall's spec was not changed")
                .isEqualTo(before.getMetadata().getGeneration());
        List<XFirewall> owned = client.resources(XFirewall.class).inNamespace(namespace).list().getItems().stream()
                .filter(firewall -> firewall.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                                ref -> ref.getUid().equals(cluster.getMetadata().getUid())))
                .toList();
        assertThat(owned).singleElement().satisfies(firewall -> {
            assertThat(firewall.getMetadata().getName()).startsWith("namesake-");
            assertThat(firewall.getSpec().getPrivateNetworkID())
                    .isEqualTo(cluster.getStatus().getPrivateNetworkID());
        });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(event -> "FirewallNameTaken".equals(event.getReason()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getInvolvedObject().getKind()).isEqualTo("XCluster");
                    assertThat(event.getMessage())
                            .isEqualTo("XFirewall namesake exists without an owner reference to this XCluster, so it"
                                    + " is not the cluster's and is left alone; the cluster's firewall is XFirewall "
                                    + owned.get(0).getMetadata().getName());
                });
    }

    @Test
    void firewallIsReadyOnlyAfterTheMachinePhonedHome() {
        simulator.close();
        simulator = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .provisioningStep(Duration.ofMillis(400))
                .build()
                .start();
        metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), "metal-admin"));
        startOperator();
        List<String> seenWhileNotReady = new CopyOnWriteArrayList<>();
        client.resource(Samples.xcluster(namespace, "slow")).create();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            XFirewall firewall = client.resources(XFirewall.class)
                    .inNamespace(namespace)
                    .withName("slow")
                    .get();
            if (firewall == null || firewall.getStatus() == null) {
                return false;
            }
            if (!firewall.getStatus().isReady()) {
                seenWhileNotReady.add(String.valueOf(firewall.getStatus().getLastEvent()));
                return false;
            }
            assertThat(simulator.counters().lastEvent(firewall.getStatus().getMachineID()))
                    .isEqualTo("Phoned Home");
            return true;
        });
        assertThat(seenWhileNotReady).isNotEmpty().doesNotContain("Phoned Home");
    }

    @Test
    void deletingAClusterFreesExactlyWhatItAllocated() {
        startOperator();
        client.resource(Samples.xcluster(namespace, "keep")).create();
        client.resource(Samples.xcluster(namespace, "drop")).create();
        awaitReady("keep");
        awaitReady("drop");
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(2);

        client.resources(XCluster.class).inNamespace(namespace).withName("drop").delete();
        await().atMost(PATIENCE)
                .until(() -> client.resources(XCluster.class)
                                .inNamespace(namespace)
                                .withName("drop")
                                .get()
                        == null);
        assertThat(client.resources(XFirewall.class)
                        .inNamespace(namespace)
                        .withName("drop")
                        .get())
                .isNull();
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(1);
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(1);
        assertThat(client.resources(XCluster.class)
                        .inNamespace(namespace)
                        .withName("keep")
                        .get()
                        .getStatus()
                        .isReady())
                .isTrue();
    }

    @Test
    void aNetworkBroughtAlongIsUsedAndNeverFreed() {
        Network own = metal.allocateNetwork(
                new NetworkAllocationRequest(Samples.PROJECT, Samples.PARTITION, "byo", "", Map.of()));
        startOperator();
        XCluster sample = Samples.xcluster(namespace, "byo");
        sample.getSpec().setPrivateNetworkID(own.id());
        client.resource(sample).create();

        XCluster cluster = awaitReady("byo");
        assertThat(cluster.getStatus().getPrivateNetworkID()).isEqualTo(own.id());
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(1);

        client.resource(cluster).delete();
        await().atMost(PATIENCE)
                .until(() -> client.resources(XCluster.class)
                                .inNamespace(namespace)
                                .withName("byo")
                                .get()
                        == null);
        assertThat(metal.network(own.id())).isPresent();
        assertThat(simulator.counters().allocatedMachines()).isZero();
    }

    /** An XFirewall made by hand without an image: the webhook's words again, and no machine. */
    @Test
    void aFirewallWithoutImageIsRefusedInTheWebhooksWordsAndNothingIsAllocated() {
        Network network = metal.allocateNetwork(
                new NetworkAllocationRequest(Samples.PROJECT, Samples.PARTITION, "byo-fw", "", Map.of()));
        startOperator();
        XCluster template = Samples.xcluster(namespace, "no-image");
        XFirewall firewall = FirewallTemplate.render(
                template,
                FirewallTemplate.wantedSpec(template, network.id()),
                "no-image",
                FirewallTemplate.ROLE_ACTIVE);
        firewall.getMetadata().setOwnerReferences(List.of());
        firewall.getSpec().setImage(null);
        client.resource(firewall).create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            XFirewall seen = client.resources(XFirewall.class)
                    .inNamespace(namespace)
                    .withName("no-image")
                    .get();
            assertThat(seen.getStatus()).isNotNull();
            assertThat(seen.getStatus().getConditions())
                    .filteredOn(c -> c.getType().equals("Ready"))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("InvalidSpec");
                        assertThat(c.getMessage()).isEqualTo("spec.image: is required");
                    });
        });
        assertThat(simulator.counters().allocatedMachines()).isZero();
    }

    /** The webhook's words, from the rules both share: without webhooks a user reads the same denial. */
    @Test
    void aNetworkOfAnotherProjectIsReportedAndNotUsed() {
        Network foreign = metal.allocateNetwork(new NetworkAllocationRequest(
                "11111111-1111-1111-1111-111111111111", Samples.PARTITION, "foreign", "", Map.of()));
        startOperator();
        XCluster sample = Samples.xcluster(namespace, "foreign");
        sample.getSpec().setPrivateNetworkID(foreign.id());
        client.resource(sample).create();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(condition("foreign", "NetworkReady"))
                        .isNotNull()
                        .satisfies(c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("NetworkInvalid");
                            assertThat(c.getMessage())
                                    .startsWith("spec.privateNetworkID: network \"" + foreign.id()
                                            + "\" does not exist in project \"" + Samples.PROJECT + "\"")
                                    .doesNotContain("11111111-1111-1111-1111-111111111111");
                        }));
        assertThat(client.resources(XFirewall.class)
                        .inNamespace(namespace)
                        .withName("foreign")
                        .get())
                .isNull();
    }

    @Test
    void aRestartAfterEachMetalApiCallFindsWhatWasMadeInsteadOfMakingItAgain() {
        XCluster cluster =
                client.resource(Samples.xcluster(namespace, "crashed")).create();
        // the crashed operator allocated the network but never wrote status
        metal.allocateNetwork(new NetworkAllocationRequest(
                Samples.PROJECT, Samples.PARTITION, "crashed", "", OwnerMarks.networkLabels(cluster)));
        Network network = metal.findNetworks(new io.github.xcluster.metal.NetworkQuery(
                        Samples.PROJECT, Samples.PARTITION, OwnerMarks.networkLabels(cluster)))
                .get(0);
        // ... created the XFirewall as an operator before rollouts did (no labels), allocated its machine, then died
        XFirewall unlabelled = FirewallTemplate.render(
                cluster, FirewallTemplate.wantedSpec(cluster, network.id()), "crashed", FirewallTemplate.ROLE_ACTIVE);
        unlabelled.getMetadata().setLabels(null);
        XFirewall firewall = client.resource(unlabelled).create();
        Machine machine = metal.allocateFirewall(
                new MachineAllocationRequest(
                        "crashed",
                        "crashed-firewall",
                        "",
                        Samples.PROJECT,
                        Samples.PARTITION,
                        Samples.SIZE,
                        "firewall-ubuntu-2.0",
                        null,
                        List.of("internet-vagrant-lab", network.id()),
                        List.of(OwnerMarks.firewallTag(firewall)),
                        List.of(),
                        null,
                        List.of(),
                        List.of()),
                FirewallRules.NONE);

        startOperator();
        XCluster ready = awaitReady("crashed");
        assertThat(ready.getStatus().getPrivateNetworkID()).isEqualTo(network.id());
        assertThat(client.resources(XFirewall.class)
                        .inNamespace(namespace)
                        .withName("crashed")
                        .get()
                        .getStatus()
                        .getMachineID())
                .isEqualTo(machine.id());
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(1);
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(1);
        assertThat(client.resources(XFirewall.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .hasSize(1);
    }

    @Test
    void aRestartAfterTheMachineWasFreedCompletesTheDeletion() {
        startOperator();
        client.resource(Samples.xcluster(namespace, "half-deleted")).create();
        XCluster cluster = awaitReady("half-deleted");
        XFirewall firewall = client.resources(XFirewall.class)
                .inNamespace(namespace)
                .withName("half-deleted")
                .get();
        operator.stop();
        // the crashed operator freed the machine but never removed the finalizer
        metal.freeMachine(firewall.getStatus().getMachineID());

        startOperator();
        client.resource(cluster).delete();
        await().atMost(PATIENCE)
                .until(() -> client.resources(XCluster.class)
                                .inNamespace(namespace)
                                .withName("half-deleted")
                                .get()
                        == null);
        assertThat(simulator.counters().allocatedMachines()).isZero();
        assertThat(simulator.counters().allocatedNetworks()).isZero();
    }

    @Test
    void metalApiFailuresShowInConditionsAndHealWhenItRecovers() {
        simulator.faults().errorRate(1.0);
        startOperator();
        client.resource(Samples.xcluster(namespace, "flaky")).create();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(condition("flaky", "Ready"))
                        .isNotNull()
                        .satisfies(c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("MetalApiError");
                            assertThat(c.getMessage()).contains("simulated metal-api failure");
                        }));
        simulator.faults().reset();
        awaitReady("flaky");
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(1);
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(1);
    }

    @Test
    void aDeletionThatMetalApiFailsShowsOnTheObjectAndFinishesWhenItRecovers() {
        startOperator();
        client.resource(Samples.xcluster(namespace, "stuck")).create();
        awaitReady("stuck");
        simulator.faults().errorRate(1.0);

        client.resources(XCluster.class)
                .inNamespace(namespace)
                .withName("stuck")
                .delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client.resources(XFirewall.class)
                            .inNamespace(namespace)
                            .withName("stuck")
                            .get())
                    .as("the firewall waits for metal-api and says so")
                    .satisfies(firewall -> assertThat(firewall.getStatus().getConditions())
                            .filteredOn(c -> c.getType().equals("Ready"))
                            .singleElement()
                            .satisfies(c -> {
                                assertThat(c.getStatus()).isEqualTo("False");
                                assertThat(c.getReason()).isEqualTo("MetalApiError");
                                assertThat(c.getMessage()).contains("simulated metal-api failure");
                            }));
            assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .anySatisfy(event -> {
                        assertThat(event.getInvolvedObject().getKind()).isEqualTo("XFirewall");
                        assertThat(event.getType()).isEqualTo("Warning");
                        assertThat(event.getReason()).isEqualTo("MetalApiError");
                    });
        });
        simulator.faults().reset();
        await().atMost(PATIENCE.plus(Delays.MAX))
                .until(() -> client.resources(XCluster.class)
                                .inNamespace(namespace)
                                .withName("stuck")
                                .get()
                        == null);
        assertThat(simulator.counters().allocatedNetworks()).isZero();
        assertThat(simulator.counters().allocatedMachines()).isZero();
    }

    @Test
    void aFailureRepeatedByEveryRetryIsOneEventWithACount() {
        ShiftableClock clock = new ShiftableClock();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        GenericRetry fast = new GenericRetry()
                .setInitialInterval(Duration.ofMillis(10))
                .setIntervalMultiplier(1)
                .setMaxAttempts(Integer.MAX_VALUE);
        simulator.faults().errorRate(1.0);
        startOperator(clock, fast, Optional.of(metrics));
        client.resource(Samples.xcluster(namespace, "failing")).create();

        await().atMost(PATIENCE).until(() -> failedReconciliations(metrics) >= 3);
        clock.moveAhead(Duration.ofHours(1));
        await().atMost(PATIENCE.multipliedBy(2)).until(() -> failedReconciliations(metrics) >= 20);
        simulator.faults().reset();
        await().atMost(PATIENCE)
                .until(() -> client.resources(XFirewall.class)
                                .inNamespace(namespace)
                                .withName("failing")
                                .get()
                        != null);

        List<Event> failures = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> "MetalApiError".equals(event.getReason()))
                .toList();
        assertThat(failures).hasSizeBetween(1, 5);
        assertThat(failures.stream().mapToInt(Event::getCount).sum()).isEqualTo(failedReconciliations(metrics));
        assertThat(failures)
                .anySatisfy(event -> assertThat(Instant.parse(event.getLastTimestamp()))
                        .isAfterOrEqualTo(
                                Instant.parse(event.getFirstTimestamp()).plus(Duration.ofHours(1))));
    }

    private static int failedReconciliations(MeterRegistry metrics) {
        return (int) metrics.find("operator.sdk.reconciliations.failed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void aNetworkInUseRightAfterDeletionIsANormalEvent() {
        assertThat(typeOfNetworkInUseEvent(Duration.ZERO)).isEqualTo("Normal");
    }

    @Test
    void aNetworkStillInUseAMinuteAfterDeletionIsAWarning() {
        assertThat(typeOfNetworkInUseEvent(XClusterReconciler.NETWORK_RELEASE_PATIENCE.multipliedBy(2)))
                .isEqualTo("Warning");
    }

    /**
     * Deletes a cluster while another machine holds an address in its network, with the operator's
     * clock moved ahead by {@code waited} at the deletion, then lets the network go.
     */
    private String typeOfNetworkInUseEvent(Duration waited) {
        ShiftableClock clock = new ShiftableClock();
        startOperator(clock);
        client.resource(Samples.xcluster(namespace, "held")).create();
        XCluster cluster = awaitReady("held");
        Machine holder =
                metal.allocateMachine(Samples.networkHolder(cluster.getStatus().getPrivateNetworkID()));

        clock.moveAhead(waited);
        client.resource(cluster).delete();
        Event inUse = await().atMost(PATIENCE)
                .until(
                        () -> client.v1().events().inNamespace(namespace).list().getItems().stream()
                                .filter(event -> "NetworkInUse".equals(event.getReason()))
                                .findFirst()
                                .orElse(null),
                        event -> event != null);
        metal.freeMachine(holder.id());
        await().atMost(PATIENCE.plus(Delays.MAX))
                .until(() -> client.resources(XCluster.class)
                                .inNamespace(namespace)
                                .withName("held")
                                .get()
                        == null);
        assertThat(simulator.counters().allocatedNetworks()).isZero();
        return inUse.getType();
    }

    private XCluster awaitReady(String name) {
        await().atMost(PATIENCE).until(() -> {
            XCluster cluster = client.resources(XCluster.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            return cluster != null
                    && cluster.getStatus() != null
                    && cluster.getStatus().isReady();
        });
        return client.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private Condition condition(String name, String type) {
        XCluster cluster = client.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (cluster == null || cluster.getStatus() == null) {
            return null;
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    private static List<String> conditionTypes(XCluster cluster) {
        List<String> types = new ArrayList<>();
        cluster.getStatus().getConditions().forEach(c -> types.add(c.getType()));
        return types;
    }
}

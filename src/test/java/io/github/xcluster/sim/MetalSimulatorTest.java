package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.metal.NetworkQuery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetalSimulatorTest {
    private static final String PROJECT = SimSeed.PROJECT_ID;
    private static final String PARTITION = "vagrant";
    private static final String SIZE = SimSeed.SMALL_SIZE;

    private static MetalSimulator simulator;
    private static MetalApi metal;

    @BeforeAll
    static void start() {
        simulator = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .machinesPerSize(60)
                .vagrantSuperNetwork("10.0.0.0/14")
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), "metal-admin"));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void clearFaults() {
        simulator.faults().reset();
    }

    @Test
    void seedsTheWalkthroughWorld() {
        assertThat(metal.partition("vagrant")).isPresent();
        assertThat(metal.project(PROJECT))
                .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo(PROJECT));
        assertThat(metal.size(SIZE)).isPresent();
        assertThat(metal.network("internet-vagrant-lab"))
                .hasValueSatisfying(n -> assertThat(n.nat()).isTrue());
        assertThat(metal.machine("e0ab02d2-27cd-5a5e-8efc-080ba80cf258")).hasValueSatisfying(m -> {
            assertThat(m.lastEvent()).isEqualTo("Waiting");
            assertThat(m.rackId()).isEqualTo("rack-1");
        });
        assertThat(metal.machine("2294c949-88f6-5390-8154-fa53d93a3313"))
                .hasValueSatisfying(m -> assertThat(m.rackId()).isEqualTo("rack-2"));
    }

    @Test
    void resolvesImageShorthandToTheNewestPatch() {
        assertThat(metal.latestImage("firewall-ubuntu-2.0")).map(Image::id).hasValue("firewall-ubuntu-2.0.20201126");
        assertThat(metal.latestImage("firewall-ubuntu-2.0.20201004"))
                .map(Image::id)
                .hasValue("firewall-ubuntu-2.0.20201004");
        assertThat(metal.image("firewall-ubuntu-2.0")).isEmpty();
        assertThat(metal.latestImage("firewall-debian-9.9")).isEmpty();
        assertThat(metal.latestImage("ubuntu-cloud-init-20.04"))
                .hasValueSatisfying(i -> assertThat(i.isFirewallImage()).isFalse());
    }

    @Test
    void unknownIdsAreNotFoundAndBadRequestsAreRejected() {
        assertThat(metal.partition("nowhere")).isEmpty();
        assertThat(metal.network("no-such-network")).isEmpty();
        assertThatThrownBy(() -> metal.freeNetwork("no-such-network")).isInstanceOf(MetalApiException.NotFound.class);
        assertThatThrownBy(() -> metal.allocateNetwork(new NetworkAllocationRequest("", PARTITION, "x", "", Map.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("projectid should not be empty")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.checkSizeImageConstraint(SimSeed.LARGE_SIZE, "firewall-ubuntu-2.0"))
                .isInstanceOf(MetalApiException.Rejected.class)
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
        metal.checkSizeImageConstraint(SIZE, "firewall-ubuntu-2.0");
    }

    @Test
    void networkAllocateAndFreeLeaveThePoolAsItWas() {
        int before = simulator.counters().allocatedNetworks();
        Network network = metal.allocateNetwork(
                new NetworkAllocationRequest(PROJECT, PARTITION, "round-trip", "", Map.of("test", "round-trip")));
        assertThat(network.isPrivate()).isTrue();
        assertThat(network.prefixes()).singleElement().asString().endsWith("/22");
        assertThat(metal.findNetworks(new NetworkQuery(PROJECT, PARTITION, Map.of("test", "round-trip"))))
                .extracting(Network::id)
                .containsExactly(network.id());
        metal.freeNetwork(network.id());
        assertThat(simulator.counters().allocatedNetworks()).isEqualTo(before);
        assertThat(metal.network(network.id())).isEmpty();
    }

    @Test
    void firewallProvisionsToPhonedHomeAndFreeReturnsMachineAndAddresses() {
        Network network = metal.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "fw", "", Map.of()));
        int freeBefore = simulator.counters().freeMachines(PARTITION, SIZE);
        Machine firewall = metal.allocateFirewall(firewallRequest(network.id(), "fw-test", List.of("owner=fw-test")));
        assertThat(firewall.isAllocated()).isTrue();
        assertThat(firewall.allocation().networkIds())
                .contains(network.id(), "internet-vagrant-lab", "underlay-vagrant-lab");
        assertThat(firewall.lastEvent()).isEqualTo("Waiting");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "Phoned Home"
                        .equals(metal.firewall(firewall.id()).orElseThrow().lastEvent()));
        assertThat(metal.findFirewalls(new MachineQuery(PROJECT, PARTITION, null, List.of("owner=fw-test"))))
                .extracting(Machine::id)
                .containsExactly(firewall.id());
        assertThatThrownBy(() -> metal.freeNetwork(network.id()))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("has ips");

        Machine freed = metal.freeMachine(firewall.id());
        assertThat(freed.isAllocated()).isFalse();
        assertThat(freed.tags()).isEmpty();
        metal.freeMachine(firewall.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> metal.freeNetwork(network.id()));
        assertThat(simulator.counters().freeMachines(PARTITION, SIZE)).isEqualTo(freeBefore);
        assertThat(metal.firewall(firewall.id())).isEmpty();
    }

    @Test
    void aFirewallThatFindsTheUnderlayFullTakesNoAddressAnywhere() {
        try (MetalSimulator small = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .machinesPerSize(3)
                .vagrantUnderlayNetwork("172.16.10.0/30")
                .build()
                .start()) {
            MetalApi smallMetal = HttpMetalApi.connect(MetalApiConfig.of(small.baseUrl(), "metal-admin"));
            Network network =
                    smallMetal.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "full", "", Map.of()));
            smallMetal.allocateFirewall(firewallRequest(network.id(), "fw-1", List.of()));
            smallMetal.allocateFirewall(firewallRequest(network.id(), "fw-2", List.of()));
            int usedIps = small.counters().usedIps();

            assertThatThrownBy(() -> smallMetal.allocateFirewall(firewallRequest(network.id(), "fw-3", List.of())))
                    .isInstanceOf(MetalApiException.Rejected.class)
                    .hasMessageContaining("no ip available in network underlay-vagrant-lab");
            assertThat(small.counters().usedIps()).isEqualTo(usedIps);
            assertThat(small.counters().allocatedMachines()).isEqualTo(2);
        }
    }

    @Test
    void imagesServeOnlyTheirRoleAndBadSizesAndKeysAreRefused() {
        Network network =
                metal.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "rules", "", Map.of()));
        List<String> networks = List.of("internet-vagrant-lab", network.id());
        int usedIps = simulator.counters().usedIps();
        assertThatThrownBy(() -> metal.allocateFirewall(request("ubuntu-cloud-init-20.04", SIZE, networks, List.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("not usable for a firewall")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateMachine(request("firewall-ubuntu-2.0", SIZE, networks, List.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("not usable for a machine")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateFirewall(request("firewall-ubuntu-2.0", "no-size", networks, List.of())))
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateMachine(
                        request("ubuntu-cloud-init-20.04", SIZE, networks, List.of("ssh-ed25519 not-base64!"))))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("invalid public SSH key")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
        assertThat(simulator.counters().usedIps()).isEqualTo(usedIps);
        metal.freeNetwork(network.id());
    }

    @Test
    void concurrentAllocationsNeverShareAPrefixOrAMachine() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Network>> networkCalls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                networkCalls.add(() -> metal.allocateNetwork(
                        new NetworkAllocationRequest(PROJECT, PARTITION, "parallel", "", Map.of("test", "parallel"))));
            }
            List<Network> networks = new ArrayList<>();
            for (Future<Network> future : pool.invokeAll(networkCalls)) {
                networks.add(future.get());
            }
            assertThat(networks.stream().map(n -> n.prefixes().get(0)).distinct())
                    .hasSize(200);

            List<Callable<Machine>> firewallCalls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String networkId = networks.get(i).id();
                firewallCalls.add(
                        () -> metal.allocateFirewall(firewallRequest(networkId, "parallel", List.of("test=parallel"))));
            }
            Set<String> machineIds = new HashSet<>();
            for (Future<Machine> future : pool.invokeAll(firewallCalls)) {
                machineIds.add(future.get().id());
            }
            assertThat(machineIds).hasSize(50);
            for (String id : machineIds) {
                metal.freeMachine(id);
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(simulator.counters().usedIps()).isZero());
            for (Network network : networks) {
                metal.freeNetwork(network.id());
            }
            assertThat(simulator.counters().networkIdsWithLabel("test", "parallel"))
                    .isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongKeyMissingHeaderAndViewRoleAreRefused() {
        MetalApi wrongKey = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), "not-the-key"));
        assertThatThrownBy(wrongKey::partitions)
                .isInstanceOf(MetalApiException.Unauthorized.class)
                .hasMessageContaining("Wrong HMAC found");
        MetalApi anonymous = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), null));
        assertThatThrownBy(anonymous::partitions).isInstanceOf(MetalApiException.Unauthorized.class);
        assertThat(anonymous.health().isHealthy()).isTrue();
    }

    @Test
    void aSignatureFromAnHourAgoIsRefusedAndABearerTokenIsTheAlternative() {
        Clock anHourAhead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        try (MetalSimulator ahead = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .bearerToken("the-token")
                .clock(anHourAhead)
                .build()
                .start()) {
            MetalApi signed = HttpMetalApi.connect(MetalApiConfig.of(ahead.baseUrl(), "metal-admin"));
            assertThatThrownBy(signed::partitions)
                    .isInstanceOf(MetalApiException.Unauthorized.class)
                    .hasMessageContaining("too old");
            MetalApi withToken = HttpMetalApi.connect(new MetalApiConfig(
                    URI.create(ahead.baseUrl()),
                    Optional.empty(),
                    AuthType.ADMIN,
                    Optional.of("the-token"),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5)));
            assertThat(withToken.partitions())
                    .extracting(partition -> partition.id())
                    .contains(PARTITION);
        }
    }

    @Test
    void aHangingMetalApiEndsInATimeoutWithinTheRequestDeadline() {
        MetalApi impatient = HttpMetalApi.connect(new MetalApiConfig(
                URI.create(simulator.baseUrl()),
                Optional.of("metal-admin"),
                AuthType.ADMIN,
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofMillis(300)));
        int networksBefore = simulator.counters().allocatedNetworks();
        simulator.faults().timeouts(true);
        assertThatThrownBy(() ->
                        impatient.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "x", "", Map.of())))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("allocate network");
        assertThat(simulator.counters().allocatedNetworks())
                .as("a request that hung allocated nothing")
                .isEqualTo(networksBefore);
        simulator.faults().reset();
        assertThat(impatient.partitions()).isNotEmpty();
    }

    @Test
    void anAnswerThatStopsHalfWayEndsInATimeoutWithinTheRequestDeadline() {
        MetalApi impatient = HttpMetalApi.connect(new MetalApiConfig(
                URI.create(simulator.baseUrl()),
                Optional.of("metal-admin"),
                AuthType.ADMIN,
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofMillis(300)));
        simulator.faults().stalledBodies(true);
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(impatient::partitions)
                        .isInstanceOf(MetalApiException.Unavailable.class)
                        .hasMessageContaining("list partitions"));
        simulator.faults().reset();
        assertThat(impatient.partitions()).isNotEmpty();
    }

    @Test
    void injectedErrorsAndOutagesShowAsUnavailable() {
        simulator.faults().errorRate(1.0);
        long failuresBefore = simulator.counters().injectedFailures();
        assertThatThrownBy(() ->
                        metal.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "x", "", Map.of())))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("simulated metal-api failure");
        assertThat(simulator.counters().injectedFailures()).isEqualTo(failuresBefore + 1);
        simulator.faults().reset().outage(true);
        assertThatThrownBy(metal::partitions).isInstanceOf(MetalApiException.Unavailable.class);
        simulator.faults().reset().latency(Duration.ofMillis(50));
        assertThat(metal.partitions()).isNotEmpty();
    }

    private static MachineAllocationRequest request(
            String imageId, String sizeId, List<String> networkIds, List<String> sshKeys) {
        return new MachineAllocationRequest(
                "x",
                "x",
                "",
                PROJECT,
                PARTITION,
                sizeId,
                imageId,
                null,
                networkIds,
                List.of(),
                sshKeys,
                null,
                List.of(),
                List.of());
    }

    private static MachineAllocationRequest firewallRequest(String privateNetworkId, String name, List<String> tags) {
        return new MachineAllocationRequest(
                name,
                name + "-firewall",
                "",
                PROJECT,
                PARTITION,
                SIZE,
                "firewall-ubuntu-2.0",
                null,
                List.of("internet-vagrant-lab", privateNetworkId),
                tags,
                List.of(),
                null,
                List.of(),
                List.of());
    }
}

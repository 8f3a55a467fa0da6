package io.github.xcluster.sim;

import static io.github.xcluster.testing.MetalCalls.Answer.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.FirewallRules;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.IpAllocationRequest;
import io.github.xcluster.metal.IpQuery;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.testing.MetalCalls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private static final String INTERNET = "internet-vagrant-lab";
    private static final String MACHINE_TAG = "machine.metal-stack.io/id=";

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
                .hasValueSatisfying(i -> assertThat(i.features()).doesNotContain(Image.FEATURE_FIREWALL));
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
        Machine firewall = metal.allocateFirewall(
                firewallRequest(network.id(), "fw-test", List.of("owner=fw-test")), FirewallRules.NONE);
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
            smallMetal.allocateFirewall(firewallRequest(network.id(), "fw-1", List.of()), FirewallRules.NONE);
            smallMetal.allocateFirewall(firewallRequest(network.id(), "fw-2", List.of()), FirewallRules.NONE);
            int usedIps = small.counters().usedIps();

            assertThatThrownBy(() -> smallMetal.allocateFirewall(
                            firewallRequest(network.id(), "fw-3", List.of()), FirewallRules.NONE))
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
        assertThatThrownBy(() -> metal.allocateFirewall(
                        request("ubuntu-cloud-init-20.04", SIZE, networks, List.of()), FirewallRules.NONE))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("not usable for a firewall")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateMachine(request("firewall-ubuntu-2.0", SIZE, networks, List.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("not usable for a machine")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateFirewall(
                        request("firewall-ubuntu-2.0", "no-size", networks, List.of()), FirewallRules.NONE))
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
                firewallCalls.add(() -> metal.allocateFirewall(
                        firewallRequest(networkId, "parallel", List.of("test=parallel")), FirewallRules.NONE));
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

    @Test
    void eachPartitionsInternetNetworkIsItsDefault() {
        for (String label : List.of("network.metal-stack.io/default", "network.metal-stack.io/default-external")) {
            assertThat(metal.findNetworks(new NetworkQuery(null, null, Map.of(label, ""))))
                    .as(label)
                    .extracting(Network::id)
                    .containsExactlyInAnyOrder(INTERNET, "internet-mini-lab");
        }
    }

    @Test
    void addressesComeLowestFirstAndAFreedOneIsAllocatedAnew() {
        try (MetalSimulator world = ipWorld()) {
            MetalApi api = connect(world);
            IpAddress first = api.allocateIp(internetIp(IpAddress.Type.EPHEMERAL, "first", null));
            IpAddress second = api.allocateIp(internetIp(IpAddress.Type.STATIC, "second", null));

            assertThat(first)
                    .isEqualTo(new IpAddress(
                            "185.24.0.1",
                            first.allocationUuid(),
                            INTERNET,
                            PROJECT,
                            IpAddress.Type.EPHEMERAL,
                            "first",
                            "",
                            List.of("owner=ip-test")));
            assertThat(first.allocationUuid()).isNotBlank();
            assertThat(second.address()).isEqualTo("185.24.0.2");
            assertThat(second.type()).isEqualTo(IpAddress.Type.STATIC);
            assertThat(api.ip("185.24.0.1")).hasValue(first);
            assertThat(api.findIps(new IpQuery(PROJECT, INTERNET, List.of("owner=ip-test"))))
                    .containsExactly(first, second);

            assertThat(api.freeIp(first.address())).isEqualTo(first);
            assertThat(api.ip(first.address())).isEmpty();
            assertThatThrownBy(() -> api.freeIp(first.address()))
                    .isInstanceOf(MetalApiException.NotFound.class)
                    .hasMessageContaining("no ip with id \"185.24.0.1\" found");
            IpAddress again = api.allocateIp(internetIp(IpAddress.Type.EPHEMERAL, "again", null));
            assertThat(again.address()).isEqualTo(first.address());
            assertThat(again.allocationUuid()).isNotEqualTo(first.allocationUuid());
            assertThat(world.counters().usedIps()).isEqualTo(2);
        }
    }

    @Test
    void aChosenAddressIsAllocatedOnceAndOnlyInsideItsNetwork() throws Exception {
        try (MetalSimulator world = ipWorld()) {
            MetalApi api = connect(world);
            MetalCalls calls = MetalCalls.admin(world.baseUrl(), "metal-admin");
            assertThat(api.allocateIp(internetIp(IpAddress.Type.STATIC, "chosen", "185.24.1.10"))
                            .address())
                    .isEqualTo("185.24.1.10");

            assertThatThrownBy(() -> api.allocateIp(internetIp(IpAddress.Type.STATIC, "twice", "185.24.1.10")))
                    .isInstanceOf(MetalApiException.Conflict.class)
                    .hasMessageContaining("ip already allocated");
            assertThatThrownBy(() -> api.allocateIp(internetIp(IpAddress.Type.STATIC, "network", "185.24.0.0")))
                    .isInstanceOf(MetalApiException.Conflict.class);
            assertThatThrownBy(() -> api.allocateIp(internetIp(IpAddress.Type.STATIC, "outside", "10.9.9.9")))
                    .isInstanceOf(MetalApiException.Rejected.class)
                    .hasMessageContaining("specific ip not contained in any of the defined prefixes")
                    .satisfies(e ->
                            assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
            assertThat(calls.post("/v1/ip/allocate/not-an-ip", internetIpBody()))
                    .isEqualTo(error(422, "unable to parse specific ip: ParseAddr(\"not-an-ip\"): unable to parse IP"));
            Map<String, Object> withFamily = new LinkedHashMap<>(internetIpBody());
            withFamily.put("addressfamily", "IPv4");
            assertThat(calls.post("/v1/ip/allocate/185.24.1.11", withFamily))
                    .isEqualTo(error(400, "it is not possible to specify specificIP and addressfamily"));
            assertThat(world.counters().usedIps()).isEqualTo(1);
        }
    }

    @Test
    void ipAllocationAnswersWithMetalApisStatusCodesAndErrorBodies() throws Exception {
        try (MetalSimulator world = ipWorld()) {
            MetalCalls calls = MetalCalls.admin(world.baseUrl(), "metal-admin");
            Network foreign = connect(world)
                    .allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "foreign", "", Map.of()));
            String allocate = "/v1/ip/allocate";

            assertThat(calls.post(allocate, Map.of("projectid", PROJECT)))
                    .isEqualTo(error(400, "networkid should not be empty"));
            assertThat(calls.post(allocate, Map.of("networkid", INTERNET)))
                    .isEqualTo(error(400, "projectid should not be empty"));
            assertThat(calls.post(allocate, Map.of("networkid", "nowhere", "projectid", PROJECT)))
                    .isEqualTo(error(404, "no network with id \"nowhere\" found"));
            assertThat(calls.post(allocate, Map.of("networkid", INTERNET, "projectid", "nobody")))
                    .isEqualTo(error(404, "no project with id \"nobody\" found"));
            assertThat(calls.post(
                            allocate, Map.of("networkid", INTERNET, "projectid", PROJECT, "addressfamily", "IPv6")))
                    .isEqualTo(error(
                            400, "there is no prefix for the given addressfamily:IPv6 present in network:" + INTERNET));
            assertThat(calls.post(
                            allocate, Map.of("networkid", INTERNET, "projectid", PROJECT, "addressfamily", "IPv5")))
                    .isEqualTo(error(422, "given addressfamily:\"IPv5\" is invalid"));
            assertThat(calls.post(allocate, Map.of("networkid", "tenant-super-network-vagrant", "projectid", PROJECT)))
                    .isEqualTo(error(422, "prefix 10.0.0.0/16 has childprefixes, acquire ip not possible"));
            assertThat(calls.post(allocate, Map.of("networkid", foreign.id(), "projectid", SimSeed.SECOND_PROJECT_ID)))
                    .isEqualTo(error(
                            422,
                            "can not allocate ip for project \"" + SimSeed.SECOND_PROJECT_ID
                                    + "\" because network belongs to \"" + PROJECT
                                    + "\" and the network is not shared"));

            MetalCalls.Answer untyped =
                    calls.post(allocate, Map.of("networkid", INTERNET, "projectid", PROJECT, "type", "bogus"));
            assertThat(untyped.status()).isEqualTo(201);
            JsonNode ip = untyped.body();
            assertThat(ip.path("type").asText()).isEqualTo("ephemeral");
            assertThat(ip.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder(
                            "ipaddress",
                            "allocationuuid",
                            "networkid",
                            "projectid",
                            "type",
                            "name",
                            "description",
                            "tags",
                            "created",
                            "changed");
            assertThat(ip.path("tags").isArray() && ip.path("tags").isEmpty()).isTrue();
            assertThat(addresses(calls.get("/v1/ip")))
                    .containsExactly(ip.path("ipaddress").asText());
            assertThat(calls.get("/v1/ip/nope")).isEqualTo(error(404, "no ip with id \"nope\" found"));
            assertThat(calls.delete("/v1/ip/free/nope")).isEqualTo(error(404, "no ip with id \"nope\" found"));
        }
    }

    @Test
    void findMatchesEveryFilterAndAMachineIdIsATagThatKeepsTheAddress() throws Exception {
        try (MetalSimulator world = ipWorld()) {
            MetalCalls calls = MetalCalls.admin(world.baseUrl(), "metal-admin");
            JsonNode tagged = calls.post(
                            "/v1/ip/allocate",
                            Map.of(
                                    "networkid",
                                    INTERNET,
                                    "projectid",
                                    PROJECT,
                                    "type",
                                    "static",
                                    "name",
                                    "tagged",
                                    "tags",
                                    List.of("b", "a", "a"),
                                    "machineid",
                                    "m-1"))
                    .body();
            IpAddress plain = connect(world).allocateIp(internetIp(IpAddress.Type.EPHEMERAL, "plain", null));
            String address = tagged.path("ipaddress").asText();
            assertThat(tagged.path("tags")).extracting(JsonNode::asText).containsExactly("a", "b", MACHINE_TAG + "m-1");

            String find = "/v1/ip/find";
            assertThat(addresses(calls.post(find, Map.of()))).containsExactly(address, plain.address());
            assertThat(addresses(calls.post(find, Map.of("machineid", "m-1")))).containsExactly(address);
            assertThat(addresses(calls.post(find, Map.of("tags", List.of("a", "b")))))
                    .containsExactly(address);
            assertThat(addresses(calls.post(find, Map.of("tags", List.of("a", "c")))))
                    .isEmpty();
            assertThat(addresses(calls.post(find, Map.of("name", "tagged", "type", "static"))))
                    .containsExactly(address);
            assertThat(addresses(calls.post(find, Map.of("allocationuuid", plain.allocationUuid()))))
                    .containsExactly(plain.address());
            assertThat(addresses(calls.post(find, Map.of("ipaddress", address, "projectid", PROJECT))))
                    .containsExactly(address);
            assertThat(addresses(calls.post(find, Map.of("networkprefix", "185.24.0.0/22", "networkid", INTERNET))))
                    .containsExactly(address, plain.address());
            assertThat(addresses(calls.post(find, Map.of("addressfamily", "ipv4"))))
                    .hasSize(2);
            assertThat(addresses(calls.post(find, Map.of("addressfamily", "IPv6"))))
                    .isEmpty();
            assertThat(calls.post(find, Map.of("addressfamily", "x")))
                    .isEqualTo(error(422, "given addressfamily:\"x\" is invalid"));

            assertThat(calls.delete("/v1/ip/free/" + address))
                    .isEqualTo(error(400, "ip with machine scope can not be deleted"));
        }
    }

    @Test
    void aNetworkWithAnAllocatedAddressCannotBeFreed() {
        try (MetalSimulator world = ipWorld()) {
            MetalApi api = connect(world);
            Network network =
                    api.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "held", "", Map.of()));
            IpAddress ip = api.allocateIp(
                    new IpAllocationRequest(network.id(), PROJECT, IpAddress.Type.STATIC, "held", "", List.of(), null));

            assertThatThrownBy(() -> api.freeNetwork(network.id()))
                    .isInstanceOf(MetalApiException.Rejected.class)
                    .hasMessageContaining("has ips, delete ips first");
            api.freeIp(ip.address());
            api.freeNetwork(network.id());
            assertThat(api.network(network.id())).isEmpty();
        }
    }

    @Test
    void requestedAddressesAreAttachedAndOnlyTheStaticOneOutlivesTheFirewall() throws Exception {
        try (MetalSimulator world = ipWorld()) {
            MetalApi api = connect(world);
            MetalCalls calls = MetalCalls.admin(world.baseUrl(), "metal-admin");
            Network network =
                    api.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "ips", "", Map.of()));
            IpAddress kept = api.allocateIp(internetIp(IpAddress.Type.STATIC, "kept", null));
            IpAddress released = api.allocateIp(new IpAllocationRequest(
                    network.id(), PROJECT, IpAddress.Type.EPHEMERAL, "released", "", List.of(), null));

            MetalCalls.Answer firewall = calls.post(
                    "/v1/firewall/allocate", firewallBody(network.id(), List.of(kept.address(), released.address())));
            assertThat(firewall.status()).as(firewall.message()).isEqualTo(200);
            String machineId = firewall.body().path("id").asText();
            Map<String, List<String>> ipsByNetwork = ipsByNetwork(firewall.body());
            assertThat(ipsByNetwork)
                    .containsEntry(INTERNET, List.of(kept.address()))
                    .containsEntry(network.id(), List.of(released.address()))
                    .containsEntry("underlay-vagrant-lab", List.of("172.16.10.1"));
            assertThat(api.findIps(new IpQuery(null, null, List.of(MACHINE_TAG + machineId))))
                    .extracting(IpAddress::address, IpAddress::type)
                    .containsExactlyInAnyOrder(
                            tuple(kept.address(), IpAddress.Type.STATIC),
                            tuple(released.address(), IpAddress.Type.EPHEMERAL),
                            tuple("172.16.10.1", IpAddress.Type.EPHEMERAL));
            assertThat(api.ip("172.16.10.1")).hasValueSatisfying(auto -> {
                assertThat(auto.description()).isEqualTo("autoassigned");
                assertThat(auto.projectId()).isEqualTo(PROJECT);
            });
            assertThatThrownBy(() -> api.freeIp(kept.address()))
                    .isInstanceOf(MetalApiException.Rejected.class)
                    .hasMessageContaining("ip with machine scope can not be deleted");

            api.freeMachine(machineId);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(api.findIps(new IpQuery(null, null, null)))
                            .extracting(IpAddress::address)
                            .containsExactly(kept.address()));
            assertThat(api.ip(kept.address()))
                    .as("the static address no longer names the freed machine")
                    .hasValueSatisfying(ip -> assertThat(ip.tags()).containsExactly("owner=ip-test"));
            api.freeNetwork(network.id());
            api.freeIp(kept.address());
            assertThat(world.counters().usedIps()).isZero();
        }
    }

    @Test
    void requestedAddressesMustExistBelongToTheProjectAndLieInAGivenNetwork() throws Exception {
        try (MetalSimulator world = ipWorld()) {
            MetalApi api = connect(world);
            MetalCalls calls = MetalCalls.admin(world.baseUrl(), "metal-admin");
            Network network =
                    api.allocateNetwork(new NetworkAllocationRequest(PROJECT, PARTITION, "ips", "", Map.of()));
            IpAddress mine = api.allocateIp(internetIp(IpAddress.Type.STATIC, "mine", null));
            IpAddress foreign = api.allocateIp(new IpAllocationRequest(
                    INTERNET, SimSeed.SECOND_PROJECT_ID, IpAddress.Type.STATIC, "foreign", "", List.of(), null));
            IpAddress elsewhere = api.allocateIp(new IpAllocationRequest(
                    "internet-mini-lab", PROJECT, IpAddress.Type.STATIC, "elsewhere", "", List.of(), null));
            String allocate = "/v1/firewall/allocate";

            assertThat(calls.post(allocate, firewallBody(network.id(), List.of("185.24.3.3"))))
                    .isEqualTo(error(404, "no ip with id \"185.24.3.3\" found"));
            assertThat(calls.post(allocate, firewallBody(network.id(), List.of(foreign.address()))))
                    .isEqualTo(error(
                            422,
                            "given ip \"" + foreign.address() + "\" with project id \"" + SimSeed.SECOND_PROJECT_ID
                                    + "\" does not belong to the project of this allocation: " + PROJECT));
            assertThat(calls.post(allocate, firewallBody(network.id(), List.of(elsewhere.address()))))
                    .isEqualTo(error(
                            422,
                            "given ip \"" + elsewhere.address()
                                    + "\" is not in any of the given networks, which is required"));
            assertThat(calls.post(allocate, firewallBody(network.id(), List.of())))
                    .isEqualTo(error(422, "missing ip(s) for network(s) without automatic ip allocation"));
            assertThat(calls.post(allocate, firewallBody(network.id(), List.of(mine.address()))))
                    .isEqualTo(error(
                            422,
                            "the private network \"" + network.id() + "\" has no auto ip acquisition, but no suitable"
                                    + " IPs were provided, which would lead into a machine having no ip address"));
            assertThat(world.counters().allocatedMachines()).isZero();
            assertThat(world.counters().usedIps()).isEqualTo(3);
        }
    }

    private static MetalSimulator ipWorld() {
        return MetalSimulator.builder()
                .hmacKey("metal-admin")
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
    }

    private static MetalApi connect(MetalSimulator world) {
        return HttpMetalApi.connect(MetalApiConfig.of(world.baseUrl(), "metal-admin"));
    }

    private static IpAllocationRequest internetIp(IpAddress.Type type, String name, String address) {
        return new IpAllocationRequest(INTERNET, PROJECT, type, name, "", List.of("owner=ip-test"), address);
    }

    private static Map<String, Object> internetIpBody() {
        return Map.of("networkid", INTERNET, "projectid", PROJECT, "type", "static");
    }

    /**
     * A firewall in the internet (auto-acquiring unless an address of it is requested) and in the
     * private network, which acquires nothing itself.
     */
    private static Map<String, Object> firewallBody(String privateNetworkId, List<String> ips) {
        return Map.of(
                "projectid",
                PROJECT,
                "partitionid",
                PARTITION,
                "sizeid",
                SIZE,
                "imageid",
                "firewall-ubuntu-2.0",
                "name",
                "fw-ips",
                "hostname",
                "fw-ips-firewall",
                "networks",
                List.of(Map.of("networkid", INTERNET), Map.of("networkid", privateNetworkId, "autoacquire", false)),
                "ips",
                ips);
    }

    private static List<String> addresses(MetalCalls.Answer found) {
        assertThat(found.status()).as(found.message()).isEqualTo(200);
        return found.body().findValuesAsText("ipaddress");
    }

    private static Map<String, List<String>> ipsByNetwork(JsonNode machine) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        machine.path("allocation").path("networks").forEach(network -> {
            List<String> ips = new ArrayList<>();
            network.path("ips").forEach(ip -> ips.add(ip.asText()));
            result.put(network.path("networkid").asText(), ips);
        });
        return result;
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

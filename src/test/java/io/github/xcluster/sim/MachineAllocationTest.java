package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.metal.FirewallRules;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.Machine.AllocatedNetwork;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.testing.MetalCalls;
import io.github.xcluster.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Machines for Cluster API nodes: what an allocation keeps, its networks and tags, and the spread over racks. */
class MachineAllocationTest {
    private static final String INTERNET = "internet-vagrant-lab";
    private static final String USER_DATA = "#cloud-config\n";

    private NodeWorld world;

    @BeforeEach
    void start() {
        world = NodeWorld.start(8, "nodes");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aMachineKeepsWhatItWasGivenAndPhonesHome() throws Exception {
        Machine machine = world.metal()
                .allocateMachine(new MachineAllocationRequest(
                        "worker-0",
                        "worker-0.cluster-a",
                        "node of cluster a",
                        Samples.PROJECT,
                        Samples.PARTITION,
                        Samples.SIZE,
                        "ubuntu-cloud-init-20.04",
                        null,
                        List.of(INTERNET, world.network().id()),
                        List.of("cluster=a"),
                        List.of(Samples.SSH_KEY),
                        USER_DATA,
                        List.of("cluster=a"),
                        List.of()));

        assertThat(machine.allocation().role()).isEqualTo("machine");
        assertThat(machine.allocation().name()).isEqualTo("worker-0");
        assertThat(machine.allocation().hostname()).isEqualTo("worker-0.cluster-a");
        assertThat(machine.allocation().projectId()).isEqualTo(Samples.PROJECT);
        assertThat(machine.allocation().imageId()).isEqualTo("ubuntu-cloud-init-20.04");
        JsonNode allocation = MetalCalls.unsigned(world.simulator().rootUrl())
                .send("GET", "/metal/v1/machine/" + machine.id(), null, null)
                .body()
                .get("allocation");
        assertThat(allocation.get("description").asText()).isEqualTo("node of cluster a");
        assertThat(allocation.get("user_data").asText()).isEqualTo(USER_DATA);
        assertThat(allocation.get("ssh_pub_keys").get(0).asText()).isEqualTo(Samples.SSH_KEY);
        assertThat(world.simulator().machineTable().lines().filter(line -> line.startsWith(machine.id())))
                .singleElement()
                .asString()
                .contains(" machine ", USER_DATA.length() + " B", machine.rackId());

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(world.metal().machine(machine.id()))
                        .hasValueSatisfying(m -> {
                            assertThat(m.lastEvent()).isEqualTo("Phoned Home");
                            assertThat(m.liveliness()).isEqualTo("Alive");
                            assertThat(m.crashLoop()).isFalse();
                        }));
    }

    @Test
    void theNetworksShowHowTheMachineSeesThemWithItsAddressesAndOneAsn() throws Exception {
        Machine machine = world.metal()
                .allocateMachine(Samples.machine(
                        "worker", List.of(INTERNET, world.network().id()), List.of(), List.of()));

        AllocatedNetwork internet = networkOf(machine, INTERNET);
        AllocatedNetwork own = networkOf(machine, world.network().id());
        assertThat(own.networkType()).isEqualTo("privateprimaryunshared");
        assertThat(own.networkTypeV2()).isEqualTo("child");
        assertThat(own.isPrivate()).isTrue();
        assertThat(own.projectId()).isEqualTo(Samples.PROJECT);
        assertThat(own.prefixes()).isEqualTo(world.network().prefixes());
        assertThat(own.ips())
                .singleElement()
                .matches(ip -> inPrefix(ip, world.network().prefixes().get(0)));
        assertThat(own.asn()).isGreaterThan(AsnPool.BASE);
        assertThat(internet.networkType()).isEqualTo("external");
        assertThat(internet.networkTypeV2()).isEqualTo("external");
        assertThat(internet.isPrivate()).isFalse();
        assertThat(internet.ips()).singleElement().matches(ip -> inPrefix(ip, "185.24.0.0/22"));
        assertThat(internet.asn()).isEqualTo(own.asn());

        JsonNode entries = MetalCalls.unsigned(world.simulator().rootUrl())
                .send("GET", "/metal/v1/machine/" + machine.id(), null, null)
                .body()
                .at("/allocation/networks");
        for (JsonNode entry : entries) {
            Set<String> fields = new HashSet<>();
            entry.fieldNames().forEachRemaining(fields::add);
            assertThat(fields)
                    .containsExactlyInAnyOrder(
                            "networkid",
                            "projectid",
                            "networktype",
                            "networktypev2",
                            "nattypev2",
                            "prefixes",
                            "ips",
                            "destinationprefixes",
                            "vrf",
                            "asn",
                            "nat",
                            "private",
                            "underlay");
        }
        assertThat(entries.findValuesAsText("nattypev2")).containsExactlyInAnyOrder("ipv4-masq", "none");
    }

    @Test
    void aFirewallsPrivateNetworkIsPrimaryUnsharedAndItsUnderlayIsUnderlay() {
        Machine firewall = world.metal()
                .allocateFirewall(
                        new MachineAllocationRequest(
                                "fw",
                                "fw-firewall",
                                "",
                                Samples.PROJECT,
                                Samples.PARTITION,
                                Samples.SIZE,
                                "firewall-ubuntu-2.0",
                                null,
                                List.of(INTERNET, world.network().id()),
                                List.of(),
                                List.of(),
                                null,
                                List.of(),
                                List.of()),
                        FirewallRules.NONE);

        assertThat(networkOf(firewall, world.network().id()).networkType()).isEqualTo("privateprimaryunshared");
        AllocatedNetwork underlay = networkOf(firewall, "underlay-vagrant-lab");
        assertThat(underlay.networkType()).isEqualTo("underlay");
        assertThat(underlay.networkTypeV2()).isEqualTo("underlay");
        assertThat(underlay.underlay()).isTrue();
        assertThat(underlay.isPrivate()).isFalse();
    }

    @Test
    void systemTagsNameTheRackAndTheAsnAndWinOverTheUsersOwn() {
        Machine machine = world.metal()
                .allocateMachine(Samples.machine(
                        "worker",
                        List.of(world.network().id()),
                        List.of(
                                "cluster=a",
                                "owner=first",
                                "owner=second",
                                "plain",
                                "plain",
                                MachineTags.RACK + "=rack-99"),
                        List.of()));

        long asn = networkOf(machine, world.network().id()).asn();
        assertThat(machine.tags())
                .containsExactlyInAnyOrder(
                        "cluster=a",
                        "owner=second",
                        "plain",
                        MachineTags.RACK + "=" + machine.rackId(),
                        MachineTags.PRIMARY_ASN + "=" + asn);
        assertThat(world.metal()
                        .findMachines(new MachineQuery(Samples.PROJECT, Samples.PARTITION, null, List.of("cluster=a"))))
                .extracting(Machine::id)
                .containsExactly(machine.id());
    }

    @Test
    void everyMachineHasItsOwnAsnAndAFreedOneIsHandedOutAgain() {
        Machine first = world.metal()
                .allocateMachine(
                        Samples.machine("first", List.of(world.network().id()), List.of(), List.of()));
        Machine second = world.metal()
                .allocateMachine(
                        Samples.machine("second", List.of(world.network().id()), List.of(), List.of()));
        long firstAsn = networkOf(first, world.network().id()).asn();
        assertThat(networkOf(second, world.network().id()).asn()).isNotEqualTo(firstAsn);

        world.metal().freeMachine(first.id());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> world.simulator().counters().usedIps() == 1);
        Machine third = world.metal()
                .allocateMachine(
                        Samples.machine("third", List.of(world.network().id()), List.of(), List.of()));
        assertThat(networkOf(third, world.network().id()).asn()).isEqualTo(firstAsn);
    }

    @Test
    void aClustersMachinesGoToRacksItHasNoMachineInYet() {
        List<Machine> clusterA = new ArrayList<>();
        for (int i = 0; i < SimSeed.RACKS; i++) {
            clusterA.add(world.metal()
                    .allocateMachine(Samples.machine(
                            "a-" + i, List.of(world.network().id()), List.of("cluster=a"), List.of("cluster=a"))));
        }
        assertThat(clusterA.stream().map(Machine::rackId).collect(Collectors.toSet()))
                .hasSize(SimSeed.RACKS);

        Machine fifth = world.metal()
                .allocateMachine(Samples.machine(
                        "a-4", List.of(world.network().id()), List.of("cluster=a"), List.of("cluster=a")));
        assertThat(fifth.tags()).contains(MachineTags.RACK + "=" + fifth.rackId());
        List<Long> perRack = world
                .metal()
                .findMachines(new MachineQuery(Samples.PROJECT, Samples.PARTITION, null, List.of("cluster=a")))
                .stream()
                .collect(Collectors.groupingBy(Machine::rackId, Collectors.counting()))
                .values()
                .stream()
                .sorted()
                .toList();
        assertThat(perRack).as("machines of cluster a per rack").containsExactly(1L, 1L, 1L, 2L);
    }

    @Test
    void aGivenMachineIsTakenWhileFreeAndRefusedOnceAllocated() {
        String wanted = SimSeed.WALKTHROUGH_MACHINES.get(1);
        MachineAllocationRequest byId = new MachineAllocationRequest(
                "pinned",
                "pinned",
                "",
                Samples.PROJECT,
                null,
                null,
                "ubuntu-cloud-init-20.04",
                wanted,
                List.of(world.network().id()),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of());

        Machine pinned = world.metal().allocateMachine(byId);
        assertThat(pinned.id()).isEqualTo(wanted);
        assertThat(pinned.partitionId()).isEqualTo(Samples.PARTITION);
        assertThatThrownBy(() -> world.metal().allocateMachine(byId))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("machine is already allocated")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
    }

    private static AllocatedNetwork networkOf(Machine machine, String networkId) {
        return machine.allocation().networks().stream()
                .filter(n -> n.networkId().equals(networkId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(machine.id() + " has no network " + networkId));
    }

    private static boolean inPrefix(String ip, String prefix) {
        Cidr cidr = Cidr.parse(prefix);
        long address = Cidr.parse(ip + "/32").address();
        return address >= cidr.address() && address < cidr.address() + cidr.size();
    }
}

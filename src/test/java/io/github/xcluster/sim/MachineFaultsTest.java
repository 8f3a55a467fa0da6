package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.testing.Samples;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Cluster API provider must survive: machines freed, deleted or crashing behind its back, full pools, slow answers. */
class MachineFaultsTest {
    private static final String TAG = "cluster=faults";

    private MetalSimulator simulator;
    private MetalApi metal;
    private Network network;

    @BeforeEach
    void start() {
        simulator = MetalSimulator.builder()
                .machinesPerSize(2)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), null));
        network = metal.allocateNetwork(
                new NetworkAllocationRequest(Samples.PROJECT, Samples.PARTITION, "faults", "", Map.of()));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aMachineFreedBehindOurBackShowsFreeAndGivesItsAddressBack() {
        Machine machine = allocate("worker");

        simulator.machineFaults().free(machine.id());

        assertThat(metal.machine(machine.id())).hasValueSatisfying(m -> {
            assertThat(m.isAllocated()).isFalse();
            assertThat(m.tags()).isEmpty();
            assertThat(m.lastEvent()).isEqualTo("Machine Reclaim");
        });
        assertThat(metal.findMachines(query())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.counters().usedIps() == 0);
    }

    @Test
    void aMachineDeletedBehindOurBackIsNotFoundAnyMore() {
        Machine machine = allocate("worker");

        simulator.machineFaults().delete(machine.id());

        assertThat(metal.machine(machine.id())).isEmpty();
        assertThat(metal.findMachines(query())).isEmpty();
        assertThatThrownBy(() -> metal.freeMachine(machine.id())).isInstanceOf(MetalApiException.NotFound.class);
        assertThat(simulator.counters().usedIps()).isZero();
        assertThat(simulator.counters().allocatedMachines()).isZero();
    }

    @Test
    void aCrashLoopShowsAsCrashLoopAndNeverPhonesHomeUntilTheMachineIsFreed() throws Exception {
        Machine machine = allocate("worker");

        simulator.machineFaults().crashLoop(machine.id());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> metal.machine(machine.id()).orElseThrow().crashLoop());
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(metal.machine(machine.id())).hasValueSatisfying(m -> {
                    assertThat(m.crashLoop()).isTrue();
                    assertThat(m.lastEvent()).isIn(Provisioner.CRASH_LOOP);
                }));
        JsonNode events = RawHttp.send(simulator, "GET", "/metal/v1/machine/" + machine.id(), null)
                .json()
                .get("events");
        assertThat(events.at("/log").findValuesAsText("event"))
                .filteredOn("Crashed"::equals)
                .hasSizeGreaterThan(1);
        assertThat(events.at("/last_error_event/event").asText()).isEqualTo("Crashed");

        metal.freeMachine(machine.id());
        assertThat(metal.machine(machine.id()))
                .hasValueSatisfying(m -> assertThat(m.crashLoop()).isFalse());
    }

    @Test
    void aPartitionWithoutWaitingMachinesSaysNoMachineAvailable() {
        allocate("first");
        allocate("second");

        assertThatThrownBy(() -> allocate("third"))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("no machine available")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
        assertThat(simulator.counters().allocatedMachines()).isEqualTo(2);
    }

    @Test
    void aSlowAllocationHappensAfterTheClientGaveUpSoOnlyFindingByTagsFirstAvoidsASecondMachine() {
        MetalApi impatient = HttpMetalApi.connect(new MetalApiConfig(
                URI.create(simulator.baseUrl()),
                Optional.empty(),
                AuthType.ADMIN,
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofMillis(300)));
        simulator.faults().slowAllocations(Duration.ofSeconds(1));

        assertThatThrownBy(() -> impatient.allocateMachine(request("worker")))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("allocate machine worker");
        assertThat(simulator.counters().machineIdsWithTag(TAG))
                .as("the allocation the client gave up on")
                .hasSize(1);

        assertThat(impatient.findMachines(query()))
                .as("what a client that finds by its tags before allocating sees")
                .extracting(Machine::id)
                .containsExactlyElementsOf(simulator.counters().machineIdsWithTag(TAG));
        assertThatThrownBy(() -> impatient.allocateMachine(request("worker")))
                .isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(simulator.counters().machineIdsWithTag(TAG))
                .as("what a blind retry leaves")
                .hasSize(2);
    }

    @Test
    void theSimRoutesSwitchTheSameFaults() throws Exception {
        Machine crashing = allocate("crashing");
        Machine doomed = allocate("doomed");

        assertThat(RawHttp.send(simulator, "POST", "/_sim/machines/" + crashing.id() + "/crash-loop", null)
                        .status())
                .isEqualTo(204);
        assertThat(RawHttp.send(simulator, "DELETE", "/_sim/machines/" + doomed.id(), null)
                        .status())
                .isEqualTo(204);
        RawHttp.Answer unknown = RawHttp.send(simulator, "POST", "/_sim/machines/no-such-machine/free", null);
        assertThat(RawHttp.send(simulator, "POST", "/_sim/faults", "{\"slowAllocationMillis\": 1500}")
                        .status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> metal.machine(crashing.id()).orElseThrow().crashLoop());
        assertThat(RawHttp.send(simulator, "GET", "/metal/v1/machine/" + doomed.id(), null)
                        .status())
                .isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("statuscode").asInt()).isEqualTo(404);
        assertThat(simulator.faults().allocationDelay()).isEqualTo(Duration.ofMillis(1500));
    }

    private Machine allocate(String name) {
        return metal.allocateMachine(request(name));
    }

    private MachineAllocationRequest request(String name) {
        return Samples.machine(name, List.of(network.id()), List.of(TAG), List.of());
    }

    private static MachineQuery query() {
        return new MachineQuery(Samples.PROJECT, Samples.PARTITION, null, List.of(TAG));
    }
}

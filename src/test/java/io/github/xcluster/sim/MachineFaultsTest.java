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
import io.github.xcluster.testing.MetalCalls;
import io.github.xcluster.testing.Samples;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Cluster API provider must survive: machines freed, deleted or crashing behind its back, full pools, slow answers. */
class MachineFaultsTest {
    private static final String TAG = "cluster=faults";

    private NodeWorld world;

    @BeforeEach
    void start() {
        world = NodeWorld.start(2, "faults");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aMachineFreedBehindOurBackShowsFreeAndGivesItsAddressBack() throws Exception {
        Machine machine = allocate("worker");

        world.simulator().machineFaults().free(machine.id());

        assertThat(world.metal().machine(machine.id())).hasValueSatisfying(m -> {
            assertThat(m.isAllocated()).isFalse();
            assertThat(m.tags()).isEmpty();
        });
        MetalCalls calls = MetalCalls.unsigned(world.simulator().baseUrl());
        Callable<List<String>> events = () -> calls.get("/v1/machine/" + machine.id())
                .body()
                .at("/events/log")
                .findValuesAsText("event");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.call().get(0).equals("Waiting"));
        assertThat(events.call()).as("newest first").startsWith("Waiting", "Machine Reclaim");
        assertThat(world.metal().findMachines(query())).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> world.simulator().counters().usedIps() == 0);
    }

    @Test
    void aMachineDeletedBehindOurBackIsNotFoundAnyMore() {
        Machine machine = allocate("worker");

        world.simulator().machineFaults().delete(machine.id());

        assertThat(world.metal().machine(machine.id())).isEmpty();
        assertThat(world.metal().findMachines(query())).isEmpty();
        assertThatThrownBy(() -> world.metal().freeMachine(machine.id()))
                .isInstanceOf(MetalApiException.NotFound.class);
        assertThat(world.simulator().counters().usedIps()).isZero();
        assertThat(world.simulator().counters().allocatedMachines()).isZero();
    }

    @Test
    void aCrashLoopShowsAsCrashLoopAndNeverPhonesHomeUntilTheMachineIsFreed() throws Exception {
        Machine machine = allocate("worker");

        world.simulator().machineFaults().crashLoop(machine.id());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> world.metal().machine(machine.id()).orElseThrow().crashLoop());
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(world.metal().machine(machine.id()))
                        .hasValueSatisfying(m -> {
                            assertThat(m.crashLoop()).isTrue();
                            assertThat(m.lastEvent()).isIn(Provisioner.CRASH_LOOP);
                        }));
        JsonNode events = MetalCalls.unsigned(world.simulator().rootUrl())
                .send("GET", "/metal/v1/machine/" + machine.id(), null, null)
                .body()
                .get("events");
        assertThat(events.at("/log").findValuesAsText("event"))
                .filteredOn("Crashed"::equals)
                .hasSizeGreaterThan(1);
        assertThat(events.at("/last_error_event/event").asText()).isEqualTo("Crashed");

        world.metal().freeMachine(machine.id());
        assertThat(world.metal().machine(machine.id()))
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
        assertThat(world.simulator().counters().allocatedMachines()).isEqualTo(2);
    }

    @Test
    void aSlowAllocationHappensAfterTheClientGaveUpSoOnlyFindingByTagsFirstAvoidsASecondMachine() {
        MetalApi impatient = HttpMetalApi.connect(new MetalApiConfig(
                URI.create(world.simulator().baseUrl()),
                Optional.empty(),
                AuthType.ADMIN,
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofMillis(300)));
        world.simulator().faults().slowAllocations(Duration.ofSeconds(1));

        assertThatThrownBy(() -> impatient.allocateMachine(request("worker")))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("allocate machine worker");
        assertThat(world.simulator().counters().machineIdsWithTag(TAG))
                .as("the allocation the client gave up on")
                .hasSize(1);

        assertThat(impatient.findMachines(query()))
                .as("what a client that finds by its tags before allocating sees")
                .extracting(Machine::id)
                .containsExactlyElementsOf(world.simulator().counters().machineIdsWithTag(TAG));
        assertThatThrownBy(() -> impatient.allocateMachine(request("worker")))
                .isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(world.simulator().counters().machineIdsWithTag(TAG))
                .as("what a blind retry leaves")
                .hasSize(2);
    }

    @Test
    void theSimRoutesSwitchTheSameFaults() throws Exception {
        Machine crashing = allocate("crashing");
        Machine doomed = allocate("doomed");

        assertThat(MetalCalls.unsigned(world.simulator().rootUrl())
                        .send("POST", "/_sim/machines/" + crashing.id() + "/crash-loop", null, null)
                        .status())
                .isEqualTo(204);
        assertThat(MetalCalls.unsigned(world.simulator().rootUrl())
                        .send("DELETE", "/_sim/machines/" + doomed.id(), null, null)
                        .status())
                .isEqualTo(204);
        MetalCalls.Answer unknown = MetalCalls.unsigned(world.simulator().rootUrl())
                .send("POST", "/_sim/machines/no-such-machine/free", null, null);
        assertThat(MetalCalls.unsigned(world.simulator().rootUrl())
                        .send("POST", "/_sim/faults", "{\"slowAllocationMillis\": 1500}", null)
                        .status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> world.metal().machine(crashing.id()).orElseThrow().crashLoop());
        assertThat(MetalCalls.unsigned(world.simulator().rootUrl())
                        .send("GET", "/metal/v1/machine/" + doomed.id(), null, null)
                        .status())
                .isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("statuscode").asInt()).isEqualTo(404);
        assertThat(world.simulator().faults().allocationDelay()).isEqualTo(Duration.ofMillis(1500));
    }

    private Machine allocate(String name) {
        return world.metal().allocateMachine(request(name));
    }

    private MachineAllocationRequest request(String name) {
        return Samples.machine(name, List.of(world.network().id()), List.of(TAG), List.of());
    }

    private static MachineQuery query() {
        return new MachineQuery(Samples.PROJECT, Samples.PARTITION, null, List.of(TAG));
    }
}

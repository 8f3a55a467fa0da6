package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.sim.SimModel.Machine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RackSpreadTest {
    private final Machine waitingInRack1 = machine("w1", "rack-1");
    private final Machine waitingInRack2 = machine("w2", "rack-2");
    private final Machine waitingInRack3 = machine("w3", "rack-3");
    private final List<Machine> waiting = List.of(waitingInRack1, waitingInRack2, waitingInRack3);

    /** rack-1 holds the project's one machine of cluster a; rack-2 and rack-3 two machines of other clusters each. */
    private final List<Machine> project = List.of(
            machine("p1", "rack-1", "cluster=a"),
            machine("p2", "rack-2", "cluster=b"),
            machine("p3", "rack-2", "cluster=b"),
            machine("p4", "rack-3", "cluster=c"),
            machine("p5", "rack-3", "cluster=c"));

    @Test
    void withoutPlacementTagsTheRackWithTheFewestOfTheProjectsMachinesIsTaken() {
        assertThat(RackSpread.pick(waiting, project, List.of())).isSameAs(waitingInRack1);
    }

    @Test
    void placementTagsWinOverTheProjectsSpread() {
        assertThat(RackSpread.pick(waiting, project, List.of("cluster=a"))).isSameAs(waitingInRack2);
    }

    @Test
    void ofTheRacksFreeOfTheTagsTheOneWithFewestProjectMachinesIsTaken() {
        List<Machine> lighterRack3 = List.of(
                machine("p1", "rack-1", "cluster=a"),
                machine("p2", "rack-2", "cluster=b"),
                machine("p3", "rack-2", "cluster=b"),
                machine("p4", "rack-3", "cluster=c"));
        assertThat(RackSpread.pick(waiting, lighterRack3, List.of("cluster=a"))).isSameAs(waitingInRack3);
    }

    @Test
    void onlyRacksWithAWaitingMachineCount() {
        List<Machine> onlyRack3 = List.of(waitingInRack3);
        assertThat(RackSpread.pick(onlyRack3, project, List.of("cluster=c"))).isSameAs(waitingInRack3);
    }

    private static Machine machine(String id, String rack, String... tags) {
        Machine machine = new Machine(id, "vagrant", SimSeed.SMALL_SIZE, rack, Instant.EPOCH);
        machine.tags.addAll(List.of(tags));
        return machine;
    }
}

package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Machine;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Which waiting machine an allocation takes, by metal-api's rule: of the racks with a waiting machine, those where the
 * project's machines carry the placement tags least often, and of these the ones with the fewest of the project's
 * machines; when no rack is least on both counts, the placement tags decide. "The project's machines" are its
 * allocated machines of the same partition, size and role. metal-api then draws a machine at random; the simulator
 * takes the first, so runs repeat.
 */
final class RackSpread {
    private RackSpread() {}

    static Machine pick(List<Machine> waiting, List<Machine> projectMachines, Collection<String> placementTags) {
        Set<String> racks = new LinkedHashSet<>();
        waiting.forEach(machine -> racks.add(machine.rackId));
        Set<String> tags = Set.copyOf(placementTags);
        // a machine carrying two of the tags counts twice, as in metal-api
        Set<String> byTags = leastOccupied(racks, projectMachines, machine ->
                (int) machine.tags.stream().filter(tags::contains).count());
        Set<String> byProject = leastOccupied(racks, projectMachines, machine -> 1);
        Set<String> both = new LinkedHashSet<>(byTags);
        both.retainAll(byProject);
        Set<String> chosen = both.isEmpty() ? byTags : both;
        return waiting.stream()
                .filter(machine -> chosen.contains(machine.rackId))
                .findFirst()
                .orElseThrow();
    }

    /** The racks where the given machines weigh least; a rack without any of them weighs 0. */
    private static Set<String> leastOccupied(Set<String> racks, List<Machine> machines, ToIntFunction<Machine> weight) {
        Map<String, Integer> occupancy = new HashMap<>();
        machines.forEach(machine -> occupancy.merge(machine.rackId, weight.applyAsInt(machine), Integer::sum));
        int least = racks.stream()
                .mapToInt(rack -> occupancy.getOrDefault(rack, 0))
                .min()
                .orElse(0);
        Set<String> result = new LinkedHashSet<>();
        racks.stream().filter(rack -> occupancy.getOrDefault(rack, 0) == least).forEach(result::add);
        return result;
    }
}

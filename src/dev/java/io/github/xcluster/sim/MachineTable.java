package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Machine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Machines as a text table in the columns {@code metalctl machine ls} prints, plus the rack, the allocation's role and
 * the size of its user data.
 */
final class MachineTable {
    private static final String FORMAT = "%-38s %-20s %-6s %-9s %-22s %-38s %-14s %-30s %-10s %-8s %-8s %s%n";

    private MachineTable() {}

    static String render(List<Machine> machines, Clock clock) {
        Instant now = clock.instant();
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                FORMAT,
                "ID",
                "LAST EVENT",
                "WHEN",
                "AGE",
                "HOSTNAME",
                "PROJECT",
                "SIZE",
                "IMAGE",
                "PARTITION",
                "RACK",
                "ROLE",
                "USERDATA"));
        for (Machine machine : machines) {
            boolean allocated = machine.allocation != null;
            Instant lastTime = machine.events.isEmpty()
                    ? machine.created
                    : machine.events.get(0).time();
            table.append(String.format(
                    FORMAT,
                    machine.id,
                    String.valueOf(machine.lastEvent()),
                    ago(lastTime, now),
                    allocated ? ago(machine.allocation.created(), now) : "",
                    allocated ? machine.allocation.hostname() : "",
                    allocated ? machine.allocation.projectId() : "",
                    machine.sizeId,
                    allocated ? machine.allocation.image().id() : "",
                    machine.partitionId,
                    machine.rackId,
                    allocated ? machine.allocation.role() : "",
                    allocated ? userDataSize(machine.allocation.userData()) : ""));
        }
        return table.toString();
    }

    private static String userDataSize(String userData) {
        return userData.isEmpty() ? "none" : userData.getBytes(StandardCharsets.UTF_8).length + " B";
    }

    private static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.toMinutes() < 1) {
            return age.toSeconds() + "s";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + "m";
        }
        return age.toHours() + "h";
    }
}

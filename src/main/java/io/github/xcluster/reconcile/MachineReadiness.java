package io.github.xcluster.reconcile;

import io.github.xcluster.metal.Machine;

/**
 * Whether a machine or firewall is up, read from metal-api's events and liveliness: metal-api never
 * sets {@code allocation.succeeded}, so that flag is not consulted.
 */
final class MachineReadiness {
    static final String PHONED_HOME = "Phoned Home";
    static final String ALIVE = "Alive";

    private MachineReadiness() {}

    static boolean isReady(Machine machine) {
        return machine.isAllocated()
                && PHONED_HOME.equals(machine.lastEvent())
                && ALIVE.equals(machine.liveliness())
                && !machine.crashLoop()
                && !machine.failedMachineReclaim();
    }

    /** Why it is not ready yet, for a condition message. */
    static String describe(Machine machine) {
        if (!machine.isAllocated()) {
            return "machine " + machine.id() + " is not allocated";
        }
        if (machine.crashLoop()) {
            return "machine " + machine.id() + " is in a crash loop";
        }
        if (machine.failedMachineReclaim()) {
            return "machine " + machine.id() + " failed its reclaim";
        }
        return "machine " + machine.id() + " is provisioning, last event " + machine.lastEvent() + ", liveliness "
                + machine.liveliness();
    }
}

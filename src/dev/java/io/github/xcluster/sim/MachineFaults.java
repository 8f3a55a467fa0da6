package io.github.xcluster.sim;

/**
 * What happens to machines behind a client's back, for tests of what a Cluster API provider must survive; also under
 * {@code /_sim/machines/{id}/...}. An unknown machine is refused with metal-api's 404.
 */
public final class MachineFaults {
    private final SimWorld world;
    private final Provisioner provisioner;

    MachineFaults(SimWorld world, Provisioner provisioner) {
        this.world = world;
        this.provisioner = provisioner;
    }

    /** Frees the machine as someone else's {@code DELETE /v1/machine/{id}/free} would. */
    public void free(String machineId) {
        provisioner.reclaim(machineId, world.free(machineId));
    }

    /** Takes the machine out of metal-api as an admin would; every later call about it is answered 404. */
    public void delete(String machineId) {
        world.delete(machineId);
    }

    /**
     * Sends the allocated machine round Crashed, PXE Booting, Preparing instead of the rest of its provisioning, until
     * it is freed; {@code events.crash_loop} is true from the first Crashed.
     */
    public void crashLoop(String machineId) {
        provisioner.crashLoop(machineId, world.startCrashLoop(machineId));
    }
}

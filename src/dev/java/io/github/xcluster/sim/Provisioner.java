package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Allocation;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Plays a machine's life after allocation (Planned Reboot ... Phoned Home), in an injected crash loop, and after free
 * (reclaim, address release, Waiting), one event per step.
 */
final class Provisioner {
    static final List<String> PROVISIONING = List.of(
            "Planned Reboot",
            "PXE Booting",
            "Preparing",
            "Registering",
            "Waiting",
            "Installing",
            "Booting New Kernel",
            "Phoned Home");
    static final List<String> CRASH_LOOP = List.of("Crashed", "PXE Booting", "Preparing");

    private final Vertx vertx;
    private final SimWorld world;
    private final Duration step;

    Provisioner(Vertx vertx, SimWorld world, Duration step) {
        this.vertx = vertx;
        this.world = world;
        this.step = step;
    }

    void provision(String machineId, String allocationUuid) {
        play(machineId, allocationUuid, false, 0);
    }

    /** Goes round {@link #CRASH_LOOP} until the allocation is freed. */
    void crashLoop(String machineId, String allocationUuid) {
        play(machineId, allocationUuid, true, 0);
    }

    private void play(String machineId, String allocationUuid, boolean crashLoop, int index) {
        List<String> events = crashLoop ? CRASH_LOOP : PROVISIONING;
        if (index >= events.size()) {
            return;
        }
        int next = crashLoop ? (index + 1) % events.size() : index + 1;
        vertx.setTimer(delayMillis(), timer -> {
            if (world.advance(machineId, allocationUuid, events.get(index), crashLoop)) {
                play(machineId, allocationUuid, crashLoop, next);
            }
        });
    }

    void reclaim(String machineId, Optional<Allocation> freed) {
        vertx.setTimer(delayMillis(), timer -> {
            freed.ifPresent(allocation -> world.releaseAllocation(machineId, allocation));
            world.finishReclaim(machineId);
        });
    }

    private long delayMillis() {
        return Math.max(1, step.toMillis());
    }
}

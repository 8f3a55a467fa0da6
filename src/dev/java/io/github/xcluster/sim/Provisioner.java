package io.github.xcluster.sim;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * Plays a machine's life after allocation (Planned Reboot ... Phoned Home) and after free (reclaim,
 * address release, Waiting), one event per step.
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

    private final Vertx vertx;
    private final SimWorld world;
    private final Duration step;

    Provisioner(Vertx vertx, SimWorld world, Duration step) {
        this.vertx = vertx;
        this.world = world;
        this.step = step;
    }

    void provision(String machineId, String allocationUuid) {
        next(machineId, allocationUuid, 0);
    }

    private void next(String machineId, String allocationUuid, int index) {
        if (index >= PROVISIONING.size()) {
            return;
        }
        vertx.setTimer(delayMillis(), timer -> {
            if (world.advance(machineId, allocationUuid, PROVISIONING.get(index))) {
                next(machineId, allocationUuid, index + 1);
            }
        });
    }

    void reclaim(String machineId) {
        vertx.setTimer(delayMillis(), timer -> {
            world.releaseIps(machineId);
            world.finishReclaim(machineId);
        });
    }

    private long delayMillis() {
        return Math.max(1, step.toMillis());
    }
}

package io.github.xcluster.metal;

import java.time.Instant;
import java.util.List;

/**
 * A machine or firewall as metal-api reports it. {@code allocation} is null for a free machine;
 * {@code lastEvent} is the newest entry of the provisioning event log.
 */
public record Machine(
        String id,
        String name,
        String partitionId,
        String sizeId,
        Allocation allocation,
        List<String> tags,
        String liveliness,
        String lastEvent,
        Instant lastEventTime,
        boolean crashLoop,
        boolean failedMachineReclaim,
        String stateValue) {

    public record Allocation(
            String name,
            String hostname,
            String projectId,
            String role,
            String imageId,
            List<String> networkIds,
            Instant created) {}

    public boolean isAllocated() {
        return allocation != null;
    }
}

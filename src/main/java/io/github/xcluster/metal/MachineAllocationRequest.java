package io.github.xcluster.metal;

import java.util.List;

/**
 * Body of machine and firewall allocation. {@code machineId} asks for that exact machine; {@code
 * tags} mark the allocation so it can be found again after a crash.
 */
public record MachineAllocationRequest(
        String name,
        String hostname,
        String description,
        String projectId,
        String partitionId,
        String sizeId,
        String imageId,
        String machineId,
        List<String> networkIds,
        List<String> tags,
        List<String> sshPublicKeys,
        String userData) {}

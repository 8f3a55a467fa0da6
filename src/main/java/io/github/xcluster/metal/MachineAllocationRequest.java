package io.github.xcluster.metal;

import java.util.List;

/**
 * Body of machine and firewall allocation. {@code machineId} asks for that exact machine; {@code tags} mark the
 * allocation so it can be found again after a crash or a timeout. {@code placementTags} keep the machine away from the
 * racks of the project's machines that carry any of them (e.g. a cluster's own tag); {@code ips} are addresses
 * allocated beforehand, to be attached instead of acquired. Null lists are sent empty.
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
        String userData,
        List<String> placementTags,
        List<String> ips) {

    public MachineAllocationRequest {
        networkIds = listOrEmpty(networkIds);
        tags = listOrEmpty(tags);
        sshPublicKeys = listOrEmpty(sshPublicKeys);
        placementTags = listOrEmpty(placementTags);
        ips = listOrEmpty(ips);
    }

    private static List<String> listOrEmpty(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}

package io.github.xcluster.metal;

import java.util.List;

/**
 * Body of address allocation. {@code address} asks for exactly that address, null for the next free
 * one; {@code tags} mark the allocation so it can be found again after a crash.
 */
public record IpAllocationRequest(
        String networkId,
        String projectId,
        IpAddress.Type type,
        String name,
        String description,
        List<String> tags,
        String address) {}

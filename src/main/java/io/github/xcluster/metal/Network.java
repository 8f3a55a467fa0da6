package io.github.xcluster.metal;

import java.util.List;
import java.util.Map;

public record Network(
        String id,
        String name,
        String partitionId,
        String projectId,
        String parentNetworkId,
        List<String> prefixes,
        Map<String, String> labels,
        boolean privateSuper,
        boolean underlay,
        boolean nat,
        boolean shared,
        String networkType) {

    /** A project's private network is a child of the partition's private super network. */
    public boolean isPrivate() {
        return parentNetworkId != null && !parentNetworkId.isEmpty() && !privateSuper && !underlay;
    }
}

package io.github.xcluster.rules;

import io.github.xcluster.api.capi.MetalStackClusterSpec;

/** Where a MetalStackMachine goes: the partition and project of its MetalStackCluster. */
public record MachinePlacement(String partitionId, String projectId) {
    public static MachinePlacement of(MetalStackClusterSpec cluster) {
        return new MachinePlacement(cluster.getPartition(), cluster.getProjectID());
    }
}

package io.github.xcluster.metal;

import java.util.Map;

public record NetworkAllocationRequest(
        String projectId, String partitionId, String name, String description, Map<String, String> labels) {}

package io.github.xcluster.metal;

import java.util.List;

/** Filters of {@code POST /v1/machine/find} and {@code /v1/firewall/find}; nulls do not filter. */
public record MachineQuery(String projectId, String partitionId, String sizeId, List<String> tags) {}

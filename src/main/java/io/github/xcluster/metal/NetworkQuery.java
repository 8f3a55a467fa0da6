package io.github.xcluster.metal;

import java.util.Map;

/** Filters of {@code POST /v1/network/find}; null fields do not filter. */
public record NetworkQuery(String projectId, String partitionId, Map<String, String> labels) {}

package io.github.xcluster.metal;

import java.util.List;

/** Filters of {@code POST /v1/ip/find}; nulls do not filter, every one of the tags must be present. */
public record IpQuery(String projectId, String networkId, List<String> tags) {}

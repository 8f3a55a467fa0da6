package io.github.xcluster.metal;

/** Machine counts of one size in one partition, as {@code POST /v1/partition/capacity} reports. */
public record SizeCapacity(String partitionId, String sizeId, int total, int allocated, int allocatable, int free) {}

package io.github.xcluster.metal;

public record Partition(String id, String name, String description) {}

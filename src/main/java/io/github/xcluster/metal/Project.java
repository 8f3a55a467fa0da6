package io.github.xcluster.metal;

/** A metal-stack project; metal-api keeps its id in {@code meta.id}. */
public record Project(String id, String name, String tenantId) {}

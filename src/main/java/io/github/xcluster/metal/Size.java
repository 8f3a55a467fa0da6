package io.github.xcluster.metal;

public record Size(String id, String name, String description) {}

package io.github.xcluster.metal;

import java.time.Instant;
import java.util.Set;

public record Image(
        String id,
        String name,
        String description,
        Set<String> features,
        String classification,
        Instant expirationDate) {
    public static final String FEATURE_FIREWALL = "firewall";
    public static final String FEATURE_MACHINE = "machine";
    public static final String CLASSIFICATION_DEPRECATED = "deprecated";

    public boolean isExpiredAt(Instant now) {
        return expirationDate != null && !expirationDate.isAfter(now);
    }
}

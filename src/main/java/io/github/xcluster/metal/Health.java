package io.github.xcluster.metal;

/** {@code status} is one of healthy, degraded, partial-outage, unhealthy. */
public record Health(String status, String message) {
    public boolean isHealthy() {
        return "healthy".equals(status);
    }
}

package io.github.xcluster.metal;

import java.util.List;

/**
 * An address allocated in a network. {@code allocationUuid} is new for every allocation, so it tells
 * a re-allocated address from the one held before.
 */
public record IpAddress(
        String address,
        String allocationUuid,
        String networkId,
        String projectId,
        Type type,
        String name,
        String description,
        List<String> tags) {

    public enum Type {
        /** Released with the machine that uses it. */
        EPHEMERAL("ephemeral"),
        /** Stays with the project until it is freed. */
        STATIC("static");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}

package io.github.xcluster.reconcile;

import java.util.Optional;

/**
 * Provider IDs of metal-stack machines: metal-ccm gives Nodes {@code metal://<partition>/<machine-id>}; the 2021
 * provider's {@code metalstack://<machine-id>} is accepted from users who name a machine beforehand.
 */
final class ProviderIds {
    private static final String METAL = "metal://";
    private static final String METALSTACK = "metalstack://";

    private ProviderIds() {}

    static String of(String partition, String machineId) {
        return METAL + partition + "/" + machineId;
    }

    /** The machine id a provider ID names, empty for none or another form. */
    static Optional<String> machineId(String providerId) {
        if (providerId == null) {
            return Optional.empty();
        }
        if (providerId.startsWith(METALSTACK)) {
            return Optional.of(providerId.substring(METALSTACK.length())).filter(id -> !id.isEmpty());
        }
        if (providerId.startsWith(METAL)) {
            int slash = providerId.indexOf('/', METAL.length());
            return slash < 0
                    ? Optional.empty()
                    : Optional.of(providerId.substring(slash + 1)).filter(id -> !id.isEmpty());
        }
        return Optional.empty();
    }
}

package io.github.xcluster.api.capi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MetalStackMachine's {@code spec.providerID}: {@code metal://<partition>/<machine-id>} (the form metal-ccm gives
 * the Node) or {@code metalstack://<machine-id>}, which names no partition.
 */
public record ProviderId(Optional<String> partitionId, String machineId) {
    private static final Pattern FORM = Pattern.compile(MetalStackMachineSpec.PROVIDER_ID_PATTERN);
    private static final Pattern WITH_PARTITION = Pattern.compile("^metal://([^/]+)/(.+)$");

    /** @return empty when the value has neither form */
    public static Optional<ProviderId> parse(String value) {
        if (value == null || !FORM.matcher(value).matches()) {
            return Optional.empty();
        }
        Matcher metal = WITH_PARTITION.matcher(value);
        if (metal.matches()) {
            return Optional.of(new ProviderId(Optional.of(metal.group(1)), metal.group(2)));
        }
        return Optional.of(new ProviderId(Optional.empty(), value.substring("metalstack://".length())));
    }

    /** The form metal-ccm gives the Node, which Cluster API matches the Machine's providerID with. */
    public static String of(String partitionId, String machineId) {
        return "metal://" + partitionId + "/" + machineId;
    }
}

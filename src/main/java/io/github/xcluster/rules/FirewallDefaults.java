package io.github.xcluster.rules;

import java.util.Optional;

/**
 * What the operator's configuration says a firewall gets when its spec leaves a field out; an
 * empty field falls back to what metal-api offers for the partition.
 */
public record FirewallDefaults(Optional<String> image, Optional<String> size, Optional<String> defaultNetwork) {

    public static FirewallDefaults none() {
        return new FirewallDefaults(Optional.empty(), Optional.empty(), Optional.empty());
    }
}

package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkQuery;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The networks a firewall can route to: external, not a project's private or an underlay. */
final class ExternalNetworks {
    private final CachingMetalLookups lookups;

    ExternalNetworks(CachingMetalLookups lookups) {
        this.lookups = lookups;
    }

    static boolean isExternal(Network network) {
        return !network.isPrivate() && !network.privateSuper() && !network.underlay();
    }

    List<Network> of(String partitionId) {
        return lookups.findNetworks(new NetworkQuery(null, partitionId, null)).stream()
                .filter(ExternalNetworks::isExternal)
                .sorted(Comparator.comparing(Network::id))
                .toList();
    }

    /** {@code internet-<partition>} if it exists, else the partition's first external NAT network. */
    Optional<Network> internetOf(String partitionId) {
        Optional<Network> named = lookups.network("internet-" + partitionId).filter(ExternalNetworks::isExternal);
        if (named.isPresent()) {
            return named;
        }
        return of(partitionId).stream().filter(Network::nat).findFirst();
    }
}

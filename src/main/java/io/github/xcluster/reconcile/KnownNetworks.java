package io.github.xcluster.reconcile;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.metal.Network;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private network each XCluster allocated, as this process last found it in metal-api. A converging cluster is
 * reconciled again at every status change of its firewall; it need not look its network up again each time. An
 * entry holds for {@link #TRUST} and for one generation of the spec; a restart asks metal-api again.
 */
final class KnownNetworks {
    static final Duration TRUST = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Known> byCluster = new ConcurrentHashMap<>();

    KnownNetworks(Clock clock) {
        this.clock = clock;
    }

    /** The network found for this generation of the cluster within the last {@link #TRUST}. */
    Optional<Network> recent(XCluster cluster) {
        Known known = byCluster.get(cluster.getMetadata().getUid());
        if (known == null
                || known.generation != cluster.getMetadata().getGeneration()
                || Duration.between(known.found, clock.instant()).compareTo(TRUST) >= 0) {
            return Optional.empty();
        }
        return Optional.of(known.network);
    }

    void found(XCluster cluster, Network network) {
        byCluster.put(
                cluster.getMetadata().getUid(),
                new Known(network, cluster.getMetadata().getGeneration(), clock.instant()));
    }

    void forget(XCluster cluster) {
        byCluster.remove(cluster.getMetadata().getUid());
    }

    private record Known(Network network, long generation, Instant found) {}
}

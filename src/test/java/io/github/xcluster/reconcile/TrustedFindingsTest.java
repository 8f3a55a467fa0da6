package io.github.xcluster.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.metal.Network;
import io.github.xcluster.testing.MutableClock;
import io.github.xcluster.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedFindingsTest {
    private final MutableClock clock = new MutableClock();
    private final TrustedFindings<Network> known = new TrustedFindings<>(clock);
    private final Network network = new Network(
            "net-1",
            "demo",
            "vagrant",
            "p",
            "super",
            List.of("10.0.0.0/22"),
            Map.of(),
            false,
            false,
            false,
            false,
            "privatenetwork");

    @Test
    void aFoundNetworkIsKnownForTenMinutesOfTheSameGeneration() {
        XCluster cluster = cluster("uid-1", 1);
        known.found(cluster, network);

        clock.advance(TrustedFindings.TRUST.minusSeconds(1));
        assertThat(known.recent(cluster)).contains(network);
        assertThat(known.recent(cluster("uid-2", 1))).as("another cluster").isEmpty();
        assertThat(known.recent(cluster("uid-1", 2))).as("a changed spec").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(known.recent(cluster))
                .as("ten minutes on: ask metal-api again")
                .isEmpty();
    }

    @Test
    void aForgottenNetworkIsNotKnown() {
        XCluster cluster = cluster("uid-1", 1);
        known.found(cluster, network);
        known.forget(cluster);
        assertThat(known.recent(cluster)).isEmpty();
    }

    @Test
    void newCredentialsForgetEveryFinding() {
        XCluster one = cluster("uid-1", 1);
        XCluster other = cluster("uid-2", 1);
        List<Runnable> listeners = new ArrayList<>();
        known.forgettingOn(listeners::add);
        known.found(one, network);
        known.found(other, network);
        listeners.forEach(Runnable::run);
        assertThat(known.recent(one)).isEmpty();
        assertThat(known.recent(other)).isEmpty();
    }

    private static XCluster cluster(String uid, long generation) {
        XCluster cluster = Samples.xcluster("default", "demo");
        cluster.getMetadata().setUid(uid);
        cluster.getMetadata().setGeneration(generation);
        return cluster;
    }
}

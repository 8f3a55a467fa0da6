package io.github.xcluster.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before looking again at something that takes time (a firewall provisioning, a
 * network whose addresses are still being released): a quarter of the time already waited, within
 * bounds. Derived from a timestamp, so it grows without any state kept between reconciliations.
 */
final class Delays {
    static final Duration MIN = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(30);

    private final Clock clock;

    Delays(Clock clock) {
        this.clock = clock;
    }

    /** More than {@code patience} has passed since {@code start}; an unknown start is never overdue. */
    boolean overdue(Instant start, Duration patience) {
        return start != null && Duration.between(start, clock.instant()).compareTo(patience) > 0;
    }

    /** What is left of {@code patience} since {@code start}: zero or less once overdue. */
    Duration left(Instant start, Duration patience) {
        return patience.minus(Duration.between(start, clock.instant()));
    }

    Duration since(Instant start) {
        if (start == null) {
            return Duration.ofSeconds(1);
        }
        Duration quarter = Duration.between(start, clock.instant()).dividedBy(4);
        if (quarter.compareTo(MIN) < 0) {
            return MIN;
        }
        return quarter.compareTo(MAX) > 0 ? MAX : quarter;
    }
}

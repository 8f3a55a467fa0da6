package io.github.xcluster.it;

import java.time.Duration;

/** Lets time pass in a scenario (a churn, an outage) where the passing of time is the point. */
final class Pause {
    private Pause() {}

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing for " + duration, e);
        }
    }
}

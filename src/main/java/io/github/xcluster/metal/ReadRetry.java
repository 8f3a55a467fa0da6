package io.github.xcluster.metal;

import java.time.Duration;

/**
 * Retries idempotent reads that found metal-api unavailable, with exponential backoff. Writes are
 * never retried here: an allocation that timed out may have happened.
 */
final class ReadRetry {
    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    @FunctionalInterface
    interface Read<T> {
        T run();
    }

    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    ReadRetry(int attempts, Duration firstBackoff, Sleeper sleeper) {
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    <T> T run(Read<T> read) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (MetalApiException.Unavailable e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetalApiException.Unavailable(0, "interrupted while waiting to retry a metal-api read", e);
            }
            backoff = backoff.multipliedBy(2);
        }
    }
}

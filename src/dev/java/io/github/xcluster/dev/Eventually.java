package io.github.xcluster.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Looks at a condition every 200 ms until it holds or the patience is used up. */
final class Eventually {
    private Eventually() {}

    /** False when the patience ran out or the thread was interrupted (the interrupt is kept). */
    static boolean holds(Duration patience, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}

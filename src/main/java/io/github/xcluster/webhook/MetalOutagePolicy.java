package io.github.xcluster.webhook;

import io.github.xcluster.metal.MetalApiException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an admission answers when metal-api cannot be asked (no connection, 5xx, or no answer
 * within the admission's deadline): deny by default, or admit with a warning when failing open.
 */
final class MetalOutagePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(MetalOutagePolicy.class);

    private final boolean failOpen;
    private final Duration deadline;

    MetalOutagePolicy(boolean failOpen, Duration deadline) {
        this.failOpen = failOpen;
        this.deadline = deadline;
    }

    boolean failsOpen() {
        return failOpen;
    }

    /** The verdict for a failed admission, or empty when the failure is not metal-api's. */
    Optional<Verdict> verdictFor(Throwable failure) {
        return describe(unwrap(failure)).map(this::verdict);
    }

    private Verdict verdict(String problem) {
        if (failOpen) {
            LOG.warn("admitting without metal-api checks (fail-open) reason={}", problem);
            return new Verdict(
                    List.of(), List.of(problem + "; admitted without metal-api checks (the webhook fails open)"));
        }
        LOG.warn("denying: metal-api checks impossible (fail-closed) reason={}", problem);
        return new Verdict(List.of(new Denial(null, problem)), List.of());
    }

    private Optional<String> describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return Optional.of("metal-api unreachable: no answer within " + readable(deadline));
        }
        if (failure instanceof MetalApiException.Unavailable unavailable) {
            return Optional.of("metal-api unreachable: " + unavailable.getMessage());
        }
        if (failure instanceof MetalApiException other) {
            return Optional.of("metal-api lookup failed: " + other.getMessage());
        }
        return Optional.empty();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}

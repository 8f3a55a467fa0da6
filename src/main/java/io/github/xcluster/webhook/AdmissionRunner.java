package io.github.xcluster.webhook;

import io.javaoperatorsdk.webhook.admission.NotAllowedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs admission logic off the event loop on a worker pool, bounded by the admission's deadline,
 * and turns metal-api outages into the verdict the {@link MetalOutagePolicy} prescribes.
 */
final class AdmissionRunner {
    private final Executor workers;
    private final Duration deadline;
    private final MetalOutagePolicy outages;

    AdmissionRunner(Executor workers, Duration deadline, MetalOutagePolicy outages) {
        this.workers = workers;
        this.deadline = deadline;
        this.outages = outages;
    }

    CompletableFuture<Verdict> validate(Supplier<Verdict> rules) {
        return bounded(rules).handle((verdict, failure) -> {
            if (failure == null) {
                return verdict;
            }
            return outages.verdictFor(failure).orElseThrow(() -> new CompletionException(failure));
        });
    }

    /**
     * @param defaulting works on its own copy of the object, so a late finish changes nothing
     * @param unchanged what to answer when metal-api is out and the policy fails open
     */
    <T> CompletableFuture<T> mutate(Supplier<T> defaulting, T unchanged) {
        return bounded(defaulting).handle((mutated, failure) -> {
            if (failure == null) {
                return mutated;
            }
            Verdict verdict = outages.verdictFor(failure).orElseThrow(() -> new CompletionException(failure));
            if (verdict.allowed()) {
                return unchanged;
            }
            throw new CompletionException(new NotAllowedException(verdict.message(), 503));
        });
    }

    private <R> CompletableFuture<R> bounded(Supplier<R> work) {
        return CompletableFuture.supplyAsync(work, workers).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}

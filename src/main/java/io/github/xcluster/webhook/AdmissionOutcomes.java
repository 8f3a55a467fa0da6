package io.github.xcluster.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts answered admission reviews as {@code xcluster_admission_reviews_total}, and times them from the review's
 * arrival to its answer as {@code xcluster_admission_review_seconds}, both by kind, webhook
 * ({@code validating}, {@code defaulting}) and outcome: {@code allowed}, {@code denied} (the spec broke a rule),
 * {@code outage_denied} or {@code outage_admitted} (metal-api could not be asked; denied, or admitted when the
 * webhook fails open).
 */
final class AdmissionOutcomes {
    static final String NAME = "xcluster.admission.reviews";
    static final String DURATION = "xcluster.admission.review";
    static final String VALIDATING = "validating";
    static final String DEFAULTING = "defaulting";

    private final MeterRegistry registry;
    /** The registry's lookup costs more than the increment: one counter per kind, webhook and outcome, kept. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    AdmissionOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param startedNanos {@link System#nanoTime()} when the review was taken up */
    void answered(Class<?> kind, String webhook, boolean allowed, boolean metalApiOutage, long startedNanos) {
        String outcome =
                metalApiOutage ? (allowed ? "outage_admitted" : "outage_denied") : (allowed ? "allowed" : "denied");
        String key = kind.getSimpleName() + " " + webhook + " " + outcome;
        timers.computeIfAbsent(
                        key,
                        absent -> Timer.builder(DURATION)
                                .description("Time from an admission review's arrival to its answer")
                                .tag("kind", kind.getSimpleName())
                                .tag("webhook", webhook)
                                .tag("outcome", outcome)
                                .register(registry))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        counters.computeIfAbsent(
                        key,
                        absent -> Counter.builder(NAME)
                                .description("Admission reviews answered, by kind, webhook and outcome")
                                .tag("kind", kind.getSimpleName())
                                .tag("webhook", webhook)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }
}

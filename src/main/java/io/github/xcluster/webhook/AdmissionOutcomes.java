package io.github.xcluster.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
    /** The registry's lookup costs more than the increment: one counter and timer per kind, webhook and outcome, kept. */
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(Counter answered, Timer took) {}

    AdmissionOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param startedNanos {@link System#nanoTime()} when the review was taken up */
    void answered(Class<?> kind, String webhook, boolean allowed, boolean metalApiOutage, long startedNanos) {
        String outcome =
                metalApiOutage ? (allowed ? "outage_admitted" : "outage_denied") : (allowed ? "allowed" : "denied");
        Meters kept = meters.computeIfAbsent(kind.getSimpleName() + " " + webhook + " " + outcome, absent -> {
            Tags tags = Tags.of("kind", kind.getSimpleName(), "webhook", webhook, "outcome", outcome);
            return new Meters(
                    Counter.builder(NAME)
                            .description("Admission reviews answered, by kind, webhook and outcome")
                            .tags(tags)
                            .register(registry),
                    Timer.builder(DURATION)
                            .description("Time from an admission review's arrival to its answer")
                            .tags(tags)
                            .register(registry));
        });
        kept.took().record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        kept.answered().increment();
    }
}

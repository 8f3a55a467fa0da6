package io.github.xcluster.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts answered admission reviews as {@code xcluster_admission_reviews_total} by kind, webhook
 * ({@code validating}, {@code defaulting}) and outcome: {@code allowed}, {@code denied} (the spec broke a rule),
 * {@code outage_denied} or {@code outage_admitted} (metal-api could not be asked; denied, or admitted when the
 * webhook fails open).
 */
final class AdmissionOutcomes {
    static final String NAME = "xcluster.admission.reviews";
    static final String VALIDATING = "validating";
    static final String DEFAULTING = "defaulting";

    private final MeterRegistry registry;
    /** The registry's lookup costs more than the increment: one counter per kind, webhook and outcome, kept. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    AdmissionOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(Class<?> kind, String webhook, boolean allowed, boolean metalApiOutage) {
        String outcome =
                metalApiOutage ? (allowed ? "outage_admitted" : "outage_denied") : (allowed ? "allowed" : "denied");
        counters.computeIfAbsent(
                        kind.getSimpleName() + " " + webhook + " " + outcome,
                        key -> Counter.builder(NAME)
                                .description("Admission reviews answered, by kind, webhook and outcome")
                                .tag("kind", kind.getSimpleName())
                                .tag("webhook", webhook)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }
}

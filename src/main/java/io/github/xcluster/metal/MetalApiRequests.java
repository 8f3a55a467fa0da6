package io.github.xcluster.metal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times every metal-api request by route (the operation's id in metal-api's OpenAPI spec, e.g. {@code findNetwork})
 * and outcome, as {@code xcluster_metal_api_requests_seconds}: {@code success},
 * the HTTP status of a failure ({@code 404}, {@code 503}, ...), {@code unreachable} when no answer came, or
 * {@code unreadable} for an answer refused unread ({@link MetalApiException.BadAnswer}). Each attempt of a retried
 * read counts.
 */
final class MetalApiRequests {
    static final String NAME = "xcluster.metal.api.requests";
    private static final String DESCRIPTION =
            "metal-api requests by route and outcome: success, the HTTP status of a failure, unreachable or unreadable";

    private final MeterRegistry registry;

    MetalApiRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    void succeeded(String route, long startedNanos) {
        record(route, "success", startedNanos);
    }

    void failed(String route, MetalApiException failure, long startedNanos) {
        String outcome = failure instanceof MetalApiException.BadAnswer
                ? "unreadable"
                : failure.statusCode() == 0 ? "unreachable" : Integer.toString(failure.statusCode());
        record(route, outcome, startedNanos);
    }

    private void record(String route, String outcome, long startedNanos) {
        Timer.builder(NAME)
                .description(DESCRIPTION)
                .tag("route", route)
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}

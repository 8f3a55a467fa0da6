package io.github.xcluster.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for an operator process's {@code /readyz} to say ok. */
public final class Readyz {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private Readyz() {}

    /**
     * @param every how often to ask; it bounds how precisely the moment of readiness is seen
     * @throws IllegalStateException when the process exits first or is not ready within {@code patience}
     */
    public static void await(JavaProcess operator, int healthPort, Duration every, Duration patience)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                .timeout(REQUEST_TIMEOUT)
                .build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            operator.checkAlive();
            try {
                if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the health server starts last; keep asking
            }
            Thread.sleep(every.toMillis());
        }
        throw new IllegalStateException(
                "/readyz did not say ok within " + patience + "; the operator's output is in " + operator.log());
    }
}

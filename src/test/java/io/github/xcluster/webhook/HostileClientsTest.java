package io.github.xcluster.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold the webhook port without finishing a request, against the real HTTPS server with short limits:
 * 6 s idle (longer than the request deadline, as by default, so that the header deadline is what cuts a trickler;
 * and longer than an honest review waits here, since a paused request sends nothing), 3 s per request (headers
 * included), 300 ms per body, 4 reviews at once.
 */
class HostileClientsTest {
    private static final WebhookSettings.ConnectionLimits LIMITS = new WebhookSettings.ConnectionLimits(
            Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofMillis(300), 4);
    private static final String PATH = WebhookPaths.VALIDATE_XCLUSTER;

    @TempDir
    static Path certificates;

    static HttpsWebhook webhook;

    @BeforeAll
    static void start() throws Exception {
        webhook = HttpsWebhook.start(certificates, Duration.ofSeconds(10), LIMITS);
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @Test
    void aConnectionThatSendsNothingOrTricklesItsHeadersIsClosed() throws Exception {
        try (SSLSocket silent = RawTls.connect(webhook.server.port());
                SSLSocket trickling = RawTls.connect(webhook.server.port())) {
            silent.startHandshake();
            trickling.startHandshake();
            long started = System.nanoTime();
            String partial = "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
            OutputStream out = trickling.getOutputStream();
            for (int i = 0; i < partial.length() && !closedByServer(trickling, 200); i++) {
                out.write(partial.charAt(i));
                out.flush();
            }
            assertThat(RawTls.readsEndOfStream(silent)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the trickling client was cut off by the 3 s header deadline, before the 6 s idle timeout")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTricklingBodyIsCutOffAndManyHalfSentBodiesNeverHoldMoreThanTheLimit() throws Exception {
        assertThat(honestReview().statusCode()).as("before").isEqualTo(200);
        List<SSLSocket> halfSent = new ArrayList<>();
        AtomicReference<Double> mostInFlight = new AtomicReference<>(0.0);
        try {
            for (int i = 0; i < 12; i++) {
                SSLSocket socket = RawTls.connect(webhook.server.port());
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + (3 * 1024 * 1024 - 1) + "\r\n\r\n{\"apiVersion\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                halfSent.add(socket);
                mostInFlight.accumulateAndGet(inFlight(), Math::max);
            }
            HttpResponse<String> honest = honestReview();
            mostInFlight.accumulateAndGet(inFlight(), Math::max);

            assertThat(honest.statusCode())
                    .as("an honest review is answered once the half-sent ones are cut off")
                    .isEqualTo(200);
            assertThat(mostInFlight.get()).isLessThanOrEqualTo(LIMITS.maxInFlight());
            for (SSLSocket socket : halfSent) {
                assertThat(RawTls.readsEndOfStream(socket)).isTrue();
            }
        } finally {
            for (SSLSocket socket : halfSent) {
                socket.close();
            }
        }
    }

    @Test
    void aKeptAliveConnectionWithoutANextRequestIsClosedAtTheHeaderDeadline() throws Exception {
        try (SSLSocket socket = RawTls.connect(webhook.server.port())) {
            socket.getOutputStream()
                    .write(("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] status = new byte[12];
            assertThat(in.readNBytes(status, 0, status.length)).isEqualTo(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 404");
            assertThat(RawTls.readsEndOfStream(socket)).isTrue();
        }
    }

    private static HttpResponse<String> honestReview() throws Exception {
        return webhook.client()
                .send(
                        HttpRequest.newBuilder(webhook.uri(PATH))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        AdmissionReviews.review("CREATE", Resources.json(Resources.cluster()), null)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static double inFlight() {
        return webhook.registry.get(WebhookServer.REVIEWS_IN_FLIGHT).gauge().value();
    }

    /** Whether the server closed the connection within {@code millis}. */
    private static boolean closedByServer(SSLSocket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}

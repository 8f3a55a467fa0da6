package io.github.xcluster.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.testing.MeasuredOperator;
import io.github.xcluster.testing.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator jar as config/manager runs it (512 MiB limit, the container's JAVA_TOOL_OPTIONS), with 100 clients
 * that each send the headers of a 3 MiB review and all of its body but the last byte, then wait. Before the cap on
 * reviews read at once and the body timeout, 85 such clients ended the process with an OutOfMemoryError.
 */
class HalfSentBodiesIT {
    private static final Path WORK_DIR = Path.of("target/half-sent-bodies");
    private static final String HMAC = "half-sent-bodies";
    private static final int CLIENTS = 100;
    private static final int BODY_LIMIT = 3 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final Duration PROBE_EVERY = Duration.ofMillis(100);
    private static final Duration PROBE_PATIENCE = Duration.ofSeconds(1);

    private static LocalApiServer apiServer;
    private static MetalSimulator simulator;

    @BeforeAll
    static void start() {
        apiServer = LocalApiServer.start(WORK_DIR, System.getenv());
        try (KubernetesClient admin = apiServer.newClient()) {
            CrdInstaller.install(admin, Path.of("config/crd/bases"));
        }
        simulator = MetalSimulator.builder().hmacKey(HMAC).build().start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        apiServer.close();
    }

    @Test
    void aHundredHalfSentBodiesNeitherExhaustTheHeapNorStarveTheProbesOrAnHonestReview() throws Exception {
        try (MeasuredOperator operator = startOperator("capped", Map.of())) {
            Siege siege = Siege.begin(operator.webhookPort());
            List<Duration> probes = new ArrayList<>();
            double mostInFlight = 0;
            HttpClient http = HttpClient.newHttpClient();
            while (!siege.over()) {
                probes.add(probe(http, operator.healthPort()));
                mostInFlight = Math.max(mostInFlight, reviewsInFlight(operator));
                Thread.sleep(PROBE_EVERY.toMillis());
            }
            String honest = siege.honestAnswer.get(30, TimeUnit.SECONDS);
            siege.close();

            assertThat(operator.isAlive()).as(operator.logText()).isTrue();
            assertThat(honest)
                    .as("an honest review sent behind the 100 is answered")
                    .startsWith("HTTP/1.1 200")
                    .contains(AdmissionReviews.REVIEW_UID);
            assertThat(siege.cutOff).as("every half-sent body was cut off").hasSize(CLIENTS);
            assertThat(mostInFlight)
                    .as("reviews read at once, so at most 16 bodies of 3 MiB in the heap")
                    .isBetween(1.0, (double) WebhookSettings.ConnectionLimits.DEFAULT.maxInFlight());
            assertThat(probes).as("/readyz answered throughout").hasSizeGreaterThan(10);
            assertThat(Collections.max(probes)).as("the slowest /readyz").isLessThan(PROBE_PATIENCE);
            assertThat(operator.usage().peakRssMib())
                    .as("resident memory stayed under the container's 512 MiB limit")
                    .isLessThan(512);
        }
    }

    private static MeasuredOperator startOperator(String name, Map<String, String> env) throws Exception {
        return MeasuredOperator.start(
                apiServer.kubeconfig(),
                simulator.baseUrl(),
                HMAC,
                env,
                WORK_DIR.resolve(name),
                WORK_DIR.resolve(name + ".log"));
    }

    private static double reviewsInFlight(MeasuredOperator operator) throws Exception {
        return PrometheusText.sum(operator.scrapeMetrics(), "xcluster_webhook_reviews_in_flight");
    }

    private static Duration probe(HttpClient http, int healthPort) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> readyz = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(readyz.statusCode()).as(readyz.body()).isEqualTo(200);
        return took;
    }

    /** The 100 clients, each on a thread of its own since a paused review's writes block, and one honest review. */
    private static final class Siege implements AutoCloseable {
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        private final List<Future<?>> halfSent = new ArrayList<>();
        private final List<SSLSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> cutOff = Collections.synchronizedList(new ArrayList<>());
        Future<String> honestAnswer;

        static Siege begin(int port) throws Exception {
            Siege siege = new Siege();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                siege.halfSent.add(siege.clients.submit(() -> siege.sendAllButTheLastByte(port, client)));
            }
            siege.honestAnswer = siege.clients.submit(() -> siege.honestReview(port));
            return siege;
        }

        boolean over() {
            return halfSent.stream().allMatch(Future::isDone) && honestAnswer.isDone();
        }

        private Void sendAllButTheLastByte(int port, int client) throws Exception {
            SSLSocket socket = RawTls.connect(port);
            sockets.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WebhookPaths.VALIDATE_XCLUSTER + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + BODY_LIMIT + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < BODY_LIMIT - 1; sent += CHUNK) {
                    out.write(chunk, 0, Math.min(CHUNK, BODY_LIMIT - 1 - sent));
                }
                out.flush();
                if (RawTls.readsEndOfStream(socket)) {
                    cutOff.add(client);
                }
            } catch (IOException closedWhileSending) {
                cutOff.add(client);
            }
            return null;
        }

        private String honestReview(int port) throws Exception {
            byte[] body = AdmissionReviews.review("CREATE", Resources.json(Resources.cluster()), null)
                    .getBytes(StandardCharsets.UTF_8);
            try (SSLSocket socket = RawTls.connect(port)) {
                socket.setSoTimeout(40_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + WebhookPaths.VALIDATE_XCLUSTER + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                                + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            clients.shutdownNow();
            synchronized (sockets) {
                for (SSLSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}

package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.JSON;
import static io.github.xcluster.webhook.AdmissionReviews.review;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.webhook.HostileReviews.Body;
import io.github.xcluster.webhook.HostileReviews.Sample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed and hostile AdmissionReview bodies (see {@link HostileReviews}) sent to the
 * real server over HTTPS on a few keep-alive connections. Every answer is a 400 with a short
 * plain-text reason, or an AdmissionReview for the request's uid that allows, or denies with a
 * message; never a 500, a dropped connection or a stack trace. Afterwards the server still admits
 * the valid samples and its heap has not kept what it was sent. Replay a run with {@code
 * -Dxcluster.fuzz.seed=<seed>}; {@code -Dxcluster.fuzz.bodies=<n>} sends more or fewer.
 */
class AdmissionFuzzTest {
    private static final long SEED = Long.getLong("xcluster.fuzz.seed", 20260101L);
    private static final int BODIES = Integer.getInteger("xcluster.fuzz.bodies", 4000);
    private static final int CONNECTIONS = 4;
    private static final int LONGEST_REASON = MalformedAdmissionReview.MAX_MESSAGE_LENGTH + "...".length();
    /** Far below what is sent (about 150 MiB), far above what the server needs to keep. */
    private static final long HEAP_GROWTH_LIMIT = 64L << 20;

    @TempDir
    static Path certificates;

    static HttpsWebhook webhook;
    static List<Sample> samples;

    @BeforeAll
    static void start() throws Exception {
        webhook = HttpsWebhook.start(certificates, Duration.ofSeconds(10));
        String network = webhook.metal
                .metalApi
                .allocateNetwork(new NetworkAllocationRequest(SimulatedMetal.PROJECT, "vagrant", "fw", "fw", Map.of()))
                .id();
        ObjectNode cluster = AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC);
        ObjectNode firewall = AdmissionReviews.firewallJson(
                "{'image': 'firewall-ubuntu-2.0.20201126', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab',"
                        + " 'partitionID': 'vagrant', 'projectID': '" + SimulatedMetal.PROJECT
                        + "', 'privateNetworkID': '" + network + "'}");
        samples = List.of(
                sample(WebhookPaths.VALIDATE_XCLUSTER, review("CREATE", cluster, null)),
                sample(WebhookPaths.VALIDATE_XCLUSTER, review("UPDATE", cluster, cluster)),
                sample(WebhookPaths.MUTATE_XCLUSTER, review("CREATE", cluster, null)),
                sample(WebhookPaths.VALIDATE_XFIREWALL, review("CREATE", firewall, null)),
                sample(WebhookPaths.VALIDATE_XFIREWALL, review("UPDATE", firewall, firewall)),
                sample(WebhookPaths.MUTATE_XFIREWALL, review("CREATE", firewall, null)));
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @Test
    void everyHostileBodyGetsBadRequestOrAProperAnswerAndTheServerStaysWell() throws Exception {
        HttpClient client = webhook.client();
        samples.forEach(sample -> assertAdmitted(client, sample));
        long heapBefore = heapUsedAfterGc();
        long started = System.nanoTime();

        Outcomes outcomes = sendAll(new HostileReviews(SEED, samples));

        long heapAfter = heapUsedAfterGc();
        System.out.printf(
                "admission fuzz: seed=%d bodies=%d sent=%d MiB in %d ms; %s; longest 400 reason %d chars; heap %d -> %d MiB%n",
                SEED,
                BODIES,
                outcomes.bytesSent.sum() >> 20,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                outcomes.counts(),
                outcomes.longestReason.get(),
                heapBefore >> 20,
                heapAfter >> 20);
        assertThat(outcomes.violations.size())
                .as(
                        "answers breaking the contract (replay with -Dxcluster.fuzz.seed=%d), the first: %s",
                        SEED,
                        String.join("\n", outcomes.violations.stream().limit(20).toList()))
                .isZero();
        assertThat(outcomes.judged.sum()).isEqualTo(BODIES);
        samples.forEach(sample -> assertAdmitted(client, sample));
        assertThat(heapAfter - heapBefore).as("heap growth in bytes after a GC").isLessThan(HEAP_GROWTH_LIMIT);
    }

    private static Outcomes sendAll(HostileReviews reviews) throws Exception {
        Outcomes outcomes = new Outcomes();
        AtomicInteger next = new AtomicInteger();
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                senders.add(connections.submit(() -> {
                    HttpClient client = webhook.client();
                    for (int index = next.getAndIncrement(); index < BODIES; index = next.getAndIncrement()) {
                        outcomes.record(reviews.body(index), client);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get(2, TimeUnit.MINUTES);
            }
        } finally {
            connections.shutdownNow();
        }
        return outcomes;
    }

    /** How the server answered each body, and every answer that broke the contract. */
    private static final class Outcomes {
        final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final LongAdder judged = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final AtomicInteger longestReason = new AtomicInteger();

        void record(Body body, HttpClient client) {
            bytesSent.add(body.bytes().length);
            String outcome;
            try {
                outcome = judge(body, send(client, body.path(), body.bytes()));
            } catch (IOException | AssertionError broken) {
                outcome = "violation";
                violations.add(describe(body) + ": " + HostileReviews.printable(broken.toString()));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            byOutcome.computeIfAbsent(outcome, key -> new LongAdder()).increment();
            judged.increment();
        }

        private String judge(Body body, HttpResponse<String> response) {
            String text = response.body();
            assertThat(text).as("a stack trace in the answer").doesNotContain("at io.github");
            assertThat(text.contains("Exception") && text.contains("\n\tat "))
                    .as("a stack trace in the answer")
                    .isFalse();
            assertThat(response.statusCode()).as("status").isIn(200, 400);
            if (response.statusCode() == 400) {
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
                assertThat(text).as("reason").isNotBlank().hasSizeLessThanOrEqualTo(LONGEST_REASON);
                longestReason.accumulateAndGet(text.length(), Math::max);
                return "400";
            }
            Optional<String> uid = uidAsTheServerReadsIt(body.bytes());
            assertThat(uid).as("a 200 for a body that is not JSON").isPresent();
            return assertProperAnswer(text, uid.get());
        }

        String counts() {
            return new TreeMap<>(byOutcome).toString();
        }
    }

    private static HttpResponse<String> send(HttpClient client, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webhook.uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Returns "200 allowed" or "200 denied" when the answer is an AdmissionReview the apiserver can use. */
    private static String assertProperAnswer(String text, String uid) {
        JsonNode review = json(text);
        assertThat(review.path("apiVersion").asText()).isEqualTo(AdmissionReviewCodec.API_VERSION);
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        JsonNode response = review.path("response");
        assertThat(response.isObject()).as("a response in %s", text).isTrue();
        assertThat(response.path("uid").asText()).as("response.uid").isEqualTo(uid);
        assertThat(response.path("allowed").isBoolean())
                .as("response.allowed is a boolean")
                .isTrue();
        if (!response.path("allowed").asBoolean()) {
            assertThat(response.at("/status/message").asText())
                    .as("denial message")
                    .isNotBlank();
            return "200 denied";
        }
        if (response.has("patch")) {
            assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
            String patch =
                    new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8);
            assertThat(json(patch).isArray()).as("patch is a JSON array").isTrue();
        }
        return "200 allowed";
    }

    private static Optional<String> uidAsTheServerReadsIt(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            return Optional.ofNullable(tree)
                    .map(review -> review.path("request").path("uid").asText());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static void assertAdmitted(HttpClient client, Sample sample) {
        try {
            HttpResponse<String> response =
                    send(client, sample.path(), sample.review().toString().getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode())
                    .as("%s: %s", sample.path(), response.body())
                    .isEqualTo(200);
            assertThat(assertProperAnswer(
                            response.body(), sample.review().at("/request/uid").asText()))
                    .isEqualTo("200 allowed");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("the server does not answer " + sample.path(), e);
        }
    }

    private static String describe(Body body) {
        return "body #" + body.index() + " to " + body.path() + " (" + body.mutations() + ") starting "
                + HostileReviews.preview(new String(body.bytes(), StandardCharsets.UTF_8));
    }

    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Sample sample(String path, String review) {
        return new Sample(path, (ObjectNode) json(review));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + HostileReviews.preview(text), e);
        }
    }
}

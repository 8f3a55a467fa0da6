package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the facade maps what a server answers, against a local HTTP server with canned answers. */
class HttpMetalApiErrorsTest {
    private static final String KEY = "very-secret-hmac-key";

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MetalApi metal;

    record Answer(int status, String contentType, String body, Duration delay) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String key =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Answer answer =
                    answers.getOrDefault(key, new Answer(404, "text/plain", "404 page not found", Duration.ZERO));
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        MetalApiConfig config = MetalApiConfig.of(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/metal", KEY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500));
        metal = new HttpMetalApi(
                config, Clock.systemUTC(), new ReadRetry(3, Duration.ofMillis(1), duration -> {}), registry);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String request, int status, String body) {
        answers.put(request, new Answer(status, "application/json", body, Duration.ZERO));
    }

    private static String error(int status, String message) {
        return "{\"statuscode\":" + status + ",\"message\":\"" + message + "\"}";
    }

    @Test
    void notFoundIsAnEmptyLookupAndATypedErrorOnFree() {
        answer("GET /metal/v1/partition/nowhere", 404, error(404, "no partition with id nowhere found"));
        answer("DELETE /metal/v1/network/free/gone", 404, error(404, "no network with id gone found"));
        assertThat(metal.partition("nowhere")).isEmpty();
        assertThatThrownBy(() -> metal.freeNetwork("gone"))
                .isInstanceOf(MetalApiException.NotFound.class)
                .hasMessage("free network gone: no network with id gone found (HTTP 404)");
    }

    @Test
    void badRequestsAndRefusalsKeepTheServersMessage() {
        answer("POST /metal/v1/network/allocate", 400, error(400, "projectid should not be empty"));
        answer("POST /metal/v1/firewall/allocate", 422, error(422, "no machine available"));
        assertThatThrownBy(() -> metal.allocateNetwork(new NetworkAllocationRequest("", "vagrant", "n", "", Map.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("projectid should not be empty")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> metal.allocateFirewall(firewall(), FirewallRules.NONE))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("no machine available")
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(422));
    }

    @Test
    void conflictsAndAuthFailuresAreTyped() {
        answer("POST /metal/v1/network/allocate", 409, error(409, "duplicate key"));
        answer("GET /metal/v1/size", 403, error(403, "Wrong HMAC found"));
        assertThatThrownBy(() -> metal.allocateNetwork(new NetworkAllocationRequest("p", "vagrant", "n", "", Map.of())))
                .isInstanceOf(MetalApiException.Conflict.class);
        assertThatThrownBy(metal::sizes)
                .isInstanceOf(MetalApiException.Unauthorized.class)
                .hasMessageContaining("Wrong HMAC found");
    }

    @Test
    void plainTextRouterAnswersAreKeptToo() {
        answers.put(
                "POST /metal/v1/network/find",
                new Answer(415, "text/plain", "415: Unsupported Media Type", Duration.ZERO));
        assertThatThrownBy(() -> metal.findNetworks(new NetworkQuery("p", "vagrant", Map.of())))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining("415: Unsupported Media Type");
    }

    @Test
    void readsAreRetriedOnServerErrorsButAllocationsNever() {
        answer("GET /metal/v1/partition", 503, error(503, "rethinkdb unavailable"));
        answer("POST /metal/v1/firewall/allocate", 500, error(500, "internal"));
        assertThatThrownBy(metal::partitions)
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("rethinkdb unavailable");
        assertThat(hits.get("GET /metal/v1/partition")).hasValue(3);
        assertThatThrownBy(() -> metal.allocateFirewall(firewall(), FirewallRules.NONE))
                .isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(hits.get("POST /metal/v1/firewall/allocate")).hasValue(1);
    }

    @Test
    void everyRequestIsTimedByItsRouteAndOutcome() {
        answer("GET /metal/v1/partition", 503, error(503, "rethinkdb unavailable"));
        answer("GET /metal/v1/partition/vagrant", 200, "{\"id\":\"vagrant\"}");
        answer("GET /metal/v1/partition/nowhere", 404, error(404, "no partition with id nowhere found"));
        assertThatThrownBy(metal::partitions).isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(metal.partition("vagrant")).isPresent();
        assertThat(metal.partition("nowhere")).isEmpty();
        assertThat(requests("listPartitions", "503")).isEqualTo(3);
        assertThat(requests("findPartition", "success")).isEqualTo(1);
        assertThat(requests("findPartition", "404")).isEqualTo(1);
        assertThat(registry.find(MetalApiRequests.NAME)
                        .tag("outcome", "success")
                        .timer()
                        .totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
    }

    private long requests(String route, String outcome) {
        return registry.get(MetalApiRequests.NAME)
                .tag("route", route)
                .tag("outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void anUnknownAddressIsEmptyAndOnlyAddressReadsAreRetried() {
        answer("GET /metal/v1/ip/10.0.0.9", 404, error(404, "no ip with id 10.0.0.9 found"));
        answer("POST /metal/v1/ip/find", 503, error(503, "rethinkdb unavailable"));
        answer("POST /metal/v1/ip/allocate", 500, error(500, "cannot allocate free ip in ipam, no ips left"));
        answer("POST /metal/v1/ip/allocate/10.0.0.9", 409, error(409, "ip already allocated"));
        assertThat(metal.ip("10.0.0.9")).isEmpty();
        assertThatThrownBy(() -> metal.findIps(new IpQuery("p", null, List.of("owner=x"))))
                .isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(hits.get("POST /metal/v1/ip/find")).hasValue(3);
        assertThatThrownBy(() -> metal.allocateIp(ip(null)))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessage("allocate ip in network n: cannot allocate free ip in ipam, no ips left (HTTP 500)");
        assertThat(hits.get("POST /metal/v1/ip/allocate")).hasValue(1);
        assertThatThrownBy(() -> metal.allocateIp(ip("10.0.0.9")))
                .isInstanceOf(MetalApiException.Conflict.class)
                .hasMessageContaining("ip already allocated");
    }

    @Test
    void aSlowServerIsUnavailableAfterTheRequestTimeout() {
        answers.put(
                "GET /metal/v1/size/v1-small-x86",
                new Answer(
                        200,
                        "application/json",
                        "{\"id\":\"v1-small-x86\",\"constraints\":[]}",
                        Duration.ofSeconds(2)));
        assertThatThrownBy(() -> metal.size("v1-small-x86"))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("did not answer in time");
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MetalApi nowhere = HttpMetalApi.connect(MetalApiConfig.of("http://127.0.0.1:" + closedPort + "/metal", KEY));
        assertThatThrownBy(nowhere::health)
                .isInstanceOf(MetalApiException.Unavailable.class)
                .hasMessageContaining("cannot reach metal-api");
    }

    @Test
    void theKeyNeverAppearsInAnError() {
        answer("GET /metal/v1/partition", 503, error(503, "down"));
        answer("POST /metal/v1/network/allocate", 400, error(400, "bad"));
        assertThatThrownBy(metal::partitions)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(KEY));
        assertThatThrownBy(() -> metal.allocateNetwork(new NetworkAllocationRequest("p", "v", "n", "", Map.of())))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(KEY));
    }

    @Test
    void requestsCarryHmacHeadersThatMetalApiAccepts() {
        answers.put("GET /metal/v1/partition", new Answer(200, "application/json", "[]", Duration.ZERO));
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        server.removeContext("/");
        server.createContext("/", exchange -> {
            seen.putAll(exchange.getRequestHeaders());
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metal.partitions();
        String date = seen.get("X-date").get(0);
        String salt = seen.get("X-data-salt").get(0);
        assertThat(salt).matches("[a-zA-Z]{24}");
        assertThat(date).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(seen.get("Authorization").get(0))
                .isEqualTo("Metal-Admin "
                        + HmacSignature.compute(KEY.getBytes(StandardCharsets.UTF_8), date, "GET", salt));
    }

    @Test
    void anAnswerOverTheLimitIsRefusedWhileItArrivesAndNotRetried() {
        streamed("GET /metal/v1/machine/huge", 96L * 1024 * 1024, true);
        streamed("GET /metal/v1/machine/endless", 96L * 1024 * 1024, false);
        // 16 MiB may take longer than the 500 ms the other tests allow on a busy machine; the cap, not the clock, cuts
        MetalApi patient = new HttpMetalApi(
                MetalApiConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/metal", KEY)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)),
                Clock.systemUTC(),
                new ReadRetry(3, Duration.ofMillis(1), duration -> {}),
                registry);
        assertThatThrownBy(() -> patient.machine("huge"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessage("get machine huge: metal-api's answer (HTTP 200) is 100663296 bytes, more than the 16 MiB"
                        + " the operator reads");
        assertThatThrownBy(() -> patient.machine("endless"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessage("get machine endless: metal-api's answer (HTTP 200) is more than 16777216 bytes, more"
                        + " than the 16 MiB the operator reads");
        assertThat(hits.get("GET /metal/v1/machine/huge")).hasValue(1);
        assertThat(hits.get("GET /metal/v1/machine/endless")).hasValue(1);
    }

    /** Sends {@code size} bytes of a JSON string in 1 MiB pieces, so the test itself never holds the answer. */
    private void streamed(String request, long size, boolean declareLength) {
        String path = request.substring(request.indexOf(' ') + 1);
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(request, k -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, declareLength ? size : 0);
            byte[] piece = new byte[1024 * 1024];
            java.util.Arrays.fill(piece, (byte) 'a');
            try (var body = exchange.getResponseBody()) {
                for (long sent = 0; sent < size; sent += piece.length) {
                    body.write(piece);
                }
            } catch (IOException clientGaveUp) {
                // the client cancels the answer once it is over the limit
            }
        });
    }

    @Test
    void aSuccessfulAnswerMustBeJsonWithContent() {
        answers.put(
                "GET /metal/v1/size/html",
                new Answer(200, "text/html; charset=utf-8", "<html>login</html>", Duration.ZERO));
        answer("GET /metal/v1/size/empty", 200, "");
        answer("GET /metal/v1/size/null", 200, " null\n");
        answer("GET /metal/v1/size/garbled", 200, "{\"id\":");
        assertThatThrownBy(() -> metal.size("html"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessage("get size html: metal-api answered HTTP 200 with Content-Type text/html; charset=utf-8,"
                        + " expected application/json");
        assertThatThrownBy(() -> metal.size("empty"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessage("get size empty: metal-api answered HTTP 200 with an empty body where a JSON object or"
                        + " list belongs");
        assertThatThrownBy(() -> metal.size("null"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessage("get size null: metal-api answered HTTP 200 with null where a JSON object or list belongs");
        assertThatThrownBy(() -> metal.size("garbled"))
                .isInstanceOf(MetalApiException.BadAnswer.class)
                .hasMessageStartingWith("get size garbled: metal-api's answer is not the JSON its API describes"
                        + " (JsonEOFException at line 1, column ");
        assertThat(hits.get("GET /metal/v1/size/garbled")).hasValue(1);
        assertThat(registry.get(MetalApiRequests.NAME)
                        .tag("outcome", "unreadable")
                        .timer()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void aLongErrorBodyIsCutShortOnOneLine() {
        String page = "<html>\n<body>" + "proxy error ".repeat(1000) + "</body></html>";
        answers.put("POST /metal/v1/network/allocate", new Answer(502, "text/html", page, Duration.ZERO));
        assertThatThrownBy(() -> metal.allocateNetwork(new NetworkAllocationRequest("p", "v", "n", "", Map.of())))
                .isInstanceOf(MetalApiException.Unavailable.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("allocate network in v: <html> <body>proxy error proxy error")
                        .endsWith("… (cut short) (HTTP 502)")
                        .doesNotContain("\n")
                        .hasSizeLessThan(ApiErrors.MAX_MESSAGE_CHARS + 60));
    }

    private static IpAllocationRequest ip(String address) {
        return new IpAllocationRequest("n", "p", IpAddress.Type.STATIC, "ip", "", List.of("owner=x"), address);
    }

    private static MachineAllocationRequest firewall() {
        return new MachineAllocationRequest(
                "fw",
                "fw-firewall",
                "",
                "p",
                "vagrant",
                "v1-small-x86",
                "firewall-ubuntu-2.0",
                null,
                List.of("internet-vagrant-lab", "n"),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of());
    }
}

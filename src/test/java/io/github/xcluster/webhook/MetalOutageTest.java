package io.github.xcluster.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiConnection;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.rules.SpecRules;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What admissions answer while metal-api cannot be asked, through {@link AdmissionControl}. */
class MetalOutageTest {
    private final SimulatedMetal metal = SimulatedMetal.start();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        metal.close();
    }

    private AdmissionResponse validate(boolean failOpen, Duration deadline, XCluster cluster) throws Exception {
        AdmissionControl control = new AdmissionControl(workers, deadline, failOpen, new AdmissionOutcomes(registry));
        return answer(control.validating(XCluster.class, new XClusterValidator(metal.rules())), cluster);
    }

    private AdmissionResponse validate(boolean failOpen, Duration deadline) throws Exception {
        return validate(failOpen, deadline, Resources.cluster());
    }

    private AdmissionResponse mutate(boolean failOpen, XCluster cluster) throws Exception {
        AdmissionControl control =
                new AdmissionControl(workers, Duration.ofSeconds(30), failOpen, new AdmissionOutcomes(registry));
        return answer(
                control.defaulting(
                        XCluster.class, new XClusterDefaulter(metal.rules().defaulter())),
                cluster);
    }

    private AdmissionResponse answer(AdmissionControl.Review review, XCluster cluster) throws Exception {
        String body = AdmissionReviews.review("CREATE", Resources.json(cluster), null);
        return review.answer(codec.read(body, XCluster.class))
                .toCompletableFuture()
                .get()
                .getResponse();
    }

    @Test
    void withoutCredentialsAdmissionIsDeniedSayingWhy() throws Exception {
        MetalApiConnection unconfigured = new MetalApiConnection(HttpMetalApi::connect);
        unconfigured.withdraw("no Secret mounted at /etc/xcluster-operator/metal-api");
        AdmissionControl control =
                new AdmissionControl(workers, Duration.ofSeconds(30), false, new AdmissionOutcomes(registry));
        SpecRules rules = new SpecRules(
                new CachingMetalLookups(unconfigured, SimulatedMetal.CLOCK, Duration.ofSeconds(10), Runnable::run),
                FirewallDefaults.none(),
                SimulatedMetal.CLOCK);

        AdmissionResponse response =
                answer(control.validating(XCluster.class, new XClusterValidator(rules)), Resources.cluster());

        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getMessage())
                .isEqualTo("metal-api not configured: no Secret mounted at /etc/xcluster-operator/metal-api");
        assertThat(metal.simulator.counters().totalCalls()).isZero();
    }

    @Test
    void unreachableMetalApiDeniesByDefault() throws Exception {
        metal.simulator.faults().outage(true);

        AdmissionResponse response = validate(false, Duration.ofSeconds(30));

        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getMessage()).startsWith("metal-api unreachable: ");
        assertThat(reviews("outage_denied")).isEqualTo(1);
    }

    private double reviews(String outcome) {
        return registry.get(AdmissionOutcomes.NAME)
                .tag("kind", "XCluster")
                .tag("webhook", AdmissionOutcomes.VALIDATING)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void unreachableMetalApiAdmitsWithWarningWhenFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);

        AdmissionResponse response = validate(true, Duration.ofSeconds(30));

        assertThat(response.getAllowed()).isTrue();
        assertThat(response.getWarnings())
                .singleElement()
                .asString()
                .startsWith("metal-api unreachable: ")
                .endsWith("; admitted without metal-api checks (the webhook fails open)");
        assertThat(reviews("outage_admitted")).isEqualTo(1);
    }

    @Test
    void refusedCredentialsAndUnreadableAnswersAreDeniedEvenWhenFailingOpen() throws Exception {
        Map<String, String> denials = new LinkedHashMap<>();
        denials.put("401 application/json {\"statuscode\":401,\"message\":\"bad hmac\"}", "metal-api unauthorized: ");
        denials.put("403 text/plain forbidden", "metal-api unauthorized: ");
        denials.put("200 text/html <html>captive portal</html>", "metal-api answered something unreadable: ");
        denials.put("200 application/json {\"id\":", "metal-api answered something unreadable: ");
        for (Map.Entry<String, String> denial : denials.entrySet()) {
            String[] answer = denial.getKey().split(" ", 3);
            try (CannedMetal canned = new CannedMetal(Integer.parseInt(answer[0]), answer[1], answer[2])) {
                AdmissionControl control =
                        new AdmissionControl(workers, Duration.ofSeconds(30), true, new AdmissionOutcomes(registry));

                AdmissionResponse response = answer(
                        control.validating(XCluster.class, new XClusterValidator(canned.rules())), Resources.cluster());

                assertThat(response.getAllowed()).as(denial.getKey()).isFalse();
                assertThat(response.getStatus().getMessage())
                        .as(denial.getKey())
                        .startsWith(denial.getValue());
                assertThat(response.getStatus().getDetails().getCauses())
                        .as("not an outage: %s", denial.getKey())
                        .extracting(StatusCause::getReason)
                        .doesNotContain(MetalApiException.Unavailable.ADMISSION_CAUSE);
            }
        }
    }

    /** A metal-api that gives one answer to everything. */
    private static final class CannedMetal implements AutoCloseable {
        private final HttpServer server;
        private final SpecRules rules;

        CannedMetal(int status, String contentType, String body) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            MetalApi metal = HttpMetalApi.connect(
                    MetalApiConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/metal", "some-key"));
            rules = new SpecRules(
                    new CachingMetalLookups(metal, SimulatedMetal.CLOCK, Duration.ofSeconds(10), Runnable::run),
                    FirewallDefaults.none(),
                    SimulatedMetal.CLOCK);
        }

        SpecRules rules() {
            return rules;
        }

        @Override
        public void close() {
            rules.close();
            server.stop(0);
        }
    }

    @Test
    void metalApiThatDoesNotAnswerWithinTheDeadlineCountsAsUnreachable() throws Exception {
        metal.simulator.faults().timeouts(true);

        AdmissionResponse response = validate(false, Duration.ofMillis(300));

        assertThat(response.getStatus().getMessage()).isEqualTo("metal-api unreachable: no answer within 300ms");
        Timer took = registry.get(AdmissionOutcomes.DURATION)
                .tag("kind", "XCluster")
                .tag("outcome", "outage_denied")
                .timer();
        assertThat(took.count()).isEqualTo(1);
        assertThat(took.totalTime(TimeUnit.MILLISECONDS)).isBetween(300.0, 5_000.0);
        assertThat(response.getStatus().getCode()).isEqualTo(403);
        assertThat(response.getStatus().getDetails().getCauses())
                .singleElement()
                .extracting(StatusCause::getReason)
                .isEqualTo(MetalApiException.Unavailable.ADMISSION_CAUSE);
    }

    @Test
    void staticViolationsAreDeniedEvenWhenFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        cluster.getSpec().setProjectID("abc");

        AdmissionResponse response = validate(true, Duration.ofSeconds(30), cluster);

        assertThat(response.getStatus().getMessage())
                .isEqualTo("spec.projectID: must be a UUID such as 00000000-0000-0000-0000-000000000000, was \"abc\"");
    }

    @Test
    void defaultingDeniesWhenMetalApiIsUnreachableAndFailingClosed() throws Exception {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage(null);

        AdmissionResponse response = mutate(false, cluster);

        assertThat(response.getAllowed()).isFalse();
        assertThat(response.getStatus().getMessage()).startsWith("metal-api unreachable: ");
        assertThat(response.getStatus().getDetails().getCauses())
                .singleElement()
                .extracting(StatusCause::getReason)
                .isEqualTo(MetalApiException.Unavailable.ADMISSION_CAUSE);
    }

    @Test
    void defaultingLeavesTheObjectUnchangedWhenMetalApiIsUnreachableAndFailingOpen() throws Exception {
        metal.simulator.faults().outage(true);
        XCluster cluster = Resources.cluster();
        Resources.firewallSpec(cluster).setImage(null);

        AdmissionResponse response = mutate(true, cluster);

        assertThat(response.getAllowed()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8))
                .isEqualTo("[]");
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.testing.MetricsScraper;
import io.github.xcluster.testing.PrometheusText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerts of config/prometheus and the dashboard of config/grafana read only metrics the operator exports:
 * the operator on a real API server is driven through the sample, a denial, a metal-api outage and a deletion,
 * so that every counter it has exists, and its /metrics is then scraped. A world of its own, because of the
 * outage.
 */
class MonitoringTest {
    private static final Path DASHBOARD = Path.of("config/grafana/xcluster-operator.json");
    private static final String NAMESPACE = "monitored";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static LocalWorld world;
    private static Kubectl kubectl;
    private static MetricsScraper scraper;
    private static String readerToken;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(LocalWorld.Options.forTests(Path.of("target/monitoring-world")), System.getenv());
        kubectl = world.kubectl();
        assertSucceeded(kubectl.run("create", "namespace", NAMESPACE));
        scraper = new MetricsScraper(
                world.certificateAuthorityPem(), world.operator().metricsPort());
        readerToken = MetricsScraper.tokenOf(world.client(), "prometheus", true);
    }

    /**
     * As kubebuilder's metrics filter: a token the API server authenticates, whose user RBAC allows get /metrics,
     * over HTTPS and HTTP/1.1 only; anyone else learns nothing of the metrics.
     */
    @Test
    void onlyCallersTheApiServerAllowsReadTheMetrics() throws IOException, InterruptedException {
        HttpResponse<String> allowed = scraper.get(Optional.of(readerToken));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("xcluster_");
        assertThat(allowed.version()).as("the client asked for HTTP/2").isEqualTo(HttpClient.Version.HTTP_1_1);

        HttpResponse<String> anonymous = scraper.get(Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        HttpResponse<String> madeUp = scraper.get(Optional.of("not-a-token-the-api-server-issued"));
        assertThat(madeUp.statusCode()).isEqualTo(401);

        String stranger = MetricsScraper.tokenOf(world.client(), "stranger", false);
        HttpResponse<String> forbidden = scraper.get(Optional.of(stranger));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("metrics-reader").doesNotContain("xcluster_");

        assertThat(List.of(anonymous.body(), madeUp.body(), forbidden.body()))
                .noneMatch(body -> body.contains("# TYPE"));
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsExported() throws IOException {
        Map<String, Set<String>> used = new LinkedHashMap<>();
        alertExpressions().forEach((alert, expr) -> used.put("alert " + alert, PromQlMetricNames.of(expr)));
        dashboardExpressions().forEach((panel, expr) -> used.put("panel " + panel, PromQlMetricNames.of(expr)));
        assertThat(used).isNotEmpty();
        used.forEach((user, names) ->
                assertThat(names).as("%s reads no metric", user).isNotEmpty());

        driveTheOperatorThroughEveryCounter();

        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = PrometheusText.sampleNames(scrape());
            used.forEach((user, names) -> assertThat(exported)
                    .as("metrics of %s that the operator does not export", user)
                    .containsAll(names));
        });
    }

    @Test
    void everyAlertSaysWhatHappenedAndWaitsBeforeFiring() {
        for (JsonNode rule : alertRules()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("for").asText()).as("%s has no 'for'", alert).isNotBlank();
            assertThat(rule.at("/annotations/summary").asText())
                    .as("%s has no summary", alert)
                    .isNotBlank();
            assertThat(rule.at("/annotations/description").asText())
                    .as("%s has no description", alert)
                    .isNotBlank();
            assertThat(rule.at("/labels/severity").asText())
                    .as("%s has no severity", alert)
                    .isIn("warning", "critical");
        }
    }

    /**
     * Admissions allowed and denied, two firewalls made ready, then an outage: denials and a failing delete of
     * one cluster. The other one stays, and with it its firewall's readiness.
     */
    private static void driveTheOperatorThroughEveryCounter() {
        assertSucceeded(kubectl.runWithInput(sample(NAMESPACE, "watched"), "apply", "-f", "-"));
        assertSucceeded(kubectl.runWithInput(sample(NAMESPACE, "kept"), "apply", "-f", "-"));
        awaitReady("watched");
        awaitReady("kept");
        Kubectl.Result denied = kubectl.runWithInput(
                sample(NAMESPACE, "nowhere").replace("partition: vagrant", "partition: nowhere"), "apply", "-f", "-");
        assertThat(denied.exitCode()).as("admitted: %s", denied.stdout()).isNotZero();

        world.simulator().faults().outage(true);
        try {
            // another partition than the sample's, whose lookups the webhooks' cache still holds
            Kubectl.Result outage = kubectl.runWithInput(
                    sample(NAMESPACE, "during-outage").replace("partition: vagrant", "partition: mini-lab"),
                    "apply",
                    "-f",
                    "-");
            assertThat(outage.stderr()).contains("metal-api unreachable");
            assertSucceeded(kubectl.run("delete", "xcluster/watched", "-n", NAMESPACE, "--wait=false"));
            await().atMost(PATIENCE)
                    .until(() ->
                            PrometheusText.sumBy(scrape(), "operator_sdk_reconciliations_failed_total", "kind")
                                    .values()
                                    .stream()
                                    .anyMatch(failed -> failed > 0));
        } finally {
            world.simulator().faults().outage(false);
        }
        await().atMost(PATIENCE)
                .until(() -> world.client()
                                .resources(XCluster.class)
                                .inNamespace(NAMESPACE)
                                .withName("watched")
                                .get()
                        == null);
    }

    private static void awaitReady(String name) {
        await().atMost(PATIENCE).until(() -> {
            XCluster cluster = world.client()
                    .resources(XCluster.class)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get();
            return cluster.getStatus() != null && cluster.getStatus().isReady();
        });
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> answer = scraper.get(Optional.of(readerToken));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Files.writeString(Path.of("target/monitoring-world/metrics.txt"), answer.body());
        return answer.body();
    }

    /** The alerts of the PrometheusRule that {@code kubectl kustomize config/prometheus} renders. */
    private static List<JsonNode> alertRules() {
        Kubectl.Result rendered = kubectl.run("kustomize", "config/prometheus");
        assertSucceeded(rendered);
        List<JsonNode> alerts = new ArrayList<>();
        InputStream manifests = new ByteArrayInputStream(rendered.stdout().getBytes(StandardCharsets.UTF_8));
        for (HasMetadata object : world.client().load(manifests).items()) {
            if (object instanceof GenericKubernetesResource rule && "PrometheusRule".equals(rule.getKind())) {
                JsonNode spec = Serialization.jsonMapper()
                        .valueToTree(rule.getAdditionalProperties().get("spec"));
                spec.path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
            }
        }
        assertThat(alerts).as("alerts in config/prometheus").isNotEmpty();
        return alerts;
    }

    private static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode rule : alertRules()) {
            expressions.put(
                    rule.path("alert").asText(rule.path("record").asText()),
                    rule.path("expr").asText());
        }
        return expressions;
    }

    /** Every target's expression of every panel, rows included. */
    private static Map<String, String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, String> expressions = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        dashboard
                .findParents("targets")
                .forEach(panel -> panel.path("targets").forEach(target -> {
                    String title = panel.path("title").asText() + " "
                            + target.path("refId").asText();
                    assertThat(seen.add(title))
                            .as("two targets named %s", title)
                            .isTrue();
                    expressions.put(title, target.path("expr").asText());
                }));
        assertThat(expressions).as("targets in %s", DASHBOARD).isNotEmpty();
        return expressions;
    }
}

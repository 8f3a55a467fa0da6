package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.ResourceStatus;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.dev.WebhookInstaller;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.testing.JavaProcess;
import io.github.xcluster.testing.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as its container runs it, with the metal-api Secret mounted as an optional volume that starts out
 * empty, on a real API server with the shipped webhooks: it keeps running and says why it cannot work (log,
 * {@code /readyz}, the XCluster's condition and Event, a webhook denial), then takes a wrong key and a right one as
 * the kubelet writes them, without a restart. A deletion while the Secret is gone waits for it. Neither key ever shows up in the log, an Event or a status.
 */
class CredentialsArriveLaterTest {
    private static final Path WORK_DIR = Path.of("target/credentials-later");
    private static final String RIGHT_KEY = "right-" + UUID.randomUUID();
    private static final String WRONG_KEY = "wrong-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalApiServer apiServer;
    private static KubernetesClient admin;
    private static MetalSimulator simulator;
    private static OperatorProcess operator;

    @BeforeAll
    static void startApiServerAndSimulator() {
        apiServer = LocalApiServer.start(WORK_DIR, System.getenv());
        admin = apiServer.newClient();
        CrdInstaller.install(admin, Path.of("config/crd/bases"));
        simulator = MetalSimulator.builder()
                .hmacKey(RIGHT_KEY)
                .provisioningStep(Duration.ofMillis(50))
                .build()
                .start();
    }

    @AfterAll
    static void stopAll() {
        if (operator != null) {
            operator.stop();
        }
        simulator.close();
        admin.close();
        apiServer.close();
    }

    @Test
    void withoutTheSecretItRunsAndSaysWhyThenUsesTheSecretOnceItIsRightWithoutARestart() throws Exception {
        String namespace = "credentials";
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        admin.resource(Samples.xcluster(namespace, "before")).create();
        SecretVolume secret = new SecretVolume(WORK_DIR.resolve("metal-api"));
        int webhookPort = JavaProcess.freePort();
        int healthPort = JavaProcess.freePort();
        CertificateAuthority ca =
                CertificateAuthority.create("credentials test CA", Duration.ofDays(1), Clock.systemUTC());
        ca.issueServerCertificate(List.of("127.0.0.1"), Duration.ofDays(1))
                .writePem(WORK_DIR.resolve("tls.crt"), WORK_DIR.resolve("tls.key"));
        operator = startOperator(secret.directory(), webhookPort, healthPort);
        operator.awaitStarted(Duration.ofMinutes(1));
        new WebhookInstaller(
                        "https://127.0.0.1:" + webhookPort, ca.certificate().certificatePem())
                .install(admin, Path.of("config/webhook/manifests.yaml"));

        assertThat(get(healthPort, "/healthz").statusCode()).isEqualTo(200);
        awaitReadyz(healthPort, "ok; metal-api not configured: no Secret mounted at " + secret.directory());
        awaitReadyCondition(namespace, "MetalApiNotConfigured", "metal-api not configured: no Secret mounted at");
        awaitEvent(namespace, "MetalApiNotConfigured");
        assertDenied(namespace, "metal-api not configured: no Secret mounted at " + secret.directory());

        secret.project(Map.of("url", simulator.baseUrl() + "\n", "hmac", WRONG_KEY + "\n"));
        awaitReadyz(
                healthPort, "ok; metal-api unauthorized: " + simulator.baseUrl() + " refused the Metal-Admin HMAC key");
        awaitReadyCondition(namespace, "MetalApiUnauthorized", "metal-api unauthorized: ");
        awaitEvent(namespace, "MetalApiUnauthorized");
        assertDenied(namespace, "metal-api unauthorized: ");

        secret.project(Map.of("url", simulator.baseUrl(), "hmac", RIGHT_KEY));
        awaitReadyz(healthPort, "ok");
        await().atMost(PATIENCE)
                .until(() -> cluster(namespace, "before").getStatus().isReady());
        Kubectl.Result admitted = apiServer.kubectl().runWithInput(sample(namespace, "after"), "apply", "-f", "-");
        assertThat(admitted.exitCode()).as(admitted.stderr()).isZero();
        await().atMost(PATIENCE)
                .until(() -> cluster(namespace, "after").getStatus() != null
                        && cluster(namespace, "after").getStatus().isReady());

        secret.project(Map.of());
        awaitReadyz(healthPort, "ok; metal-api not configured: no Secret mounted at " + secret.directory());
        admin.resources(XCluster.class).inNamespace(namespace).withName("after").delete();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(readyCondition(admin.resources(XFirewall.class)
                                .inNamespace(namespace)
                                .withName("after")
                                .get()
                                .getStatus()))
                        .satisfies(ready -> assertThat(ready.getReason()).isEqualTo("MetalApiNotConfigured")));
        secret.project(Map.of("url", simulator.baseUrl(), "hmac", RIGHT_KEY));
        await().atMost(PATIENCE).until(() -> cluster(namespace, "after") == null);

        assertThat(operator.isAlive()).isTrue();
        String log = operator.log();
        assertThat(log.split(OperatorProcess.STARTED, -1))
                .as("started exactly once")
                .hasSize(2);
        Map<String, Integer> stateChanges = Map.of(
                "metal-api not configured: no Secret mounted", 2,
                "metal-api unauthorized: ", 1,
                "metal-api credentials accepted: ", 2);
        stateChanges.forEach((state, times) -> assertThat(
                        log.lines().filter(line -> line.contains("MetalApiConnection - " + state)))
                .as("one log line each time the operator finds " + state)
                .hasSize(times));
        assertThat(log).doesNotContain("Exception").doesNotContain(RIGHT_KEY).doesNotContain(WRONG_KEY);
        String eventsAndStatus = String.join(
                "\n",
                admin.events().v1().events().inNamespace(namespace).list().getItems().stream()
                        .map(Event::getNote)
                        .toList()
                        .toString(),
                admin.resources(XCluster.class).inNamespace(namespace).list().getItems().stream()
                        .map(cluster -> String.valueOf(cluster.getStatus()))
                        .toList()
                        .toString());
        assertThat(eventsAndStatus)
                .contains("metal-api unauthorized")
                .doesNotContain(RIGHT_KEY)
                .doesNotContain(WRONG_KEY);
    }

    private static OperatorProcess startOperator(Path credentials, int webhookPort, int healthPort) {
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", apiServer.kubeconfig().toAbsolutePath().toString());
        env.put("METAL_API_CREDENTIALS_DIR", credentials.toString());
        env.put("TENANCY", "single-tenant");
        env.put("WEBHOOK_PORT", Integer.toString(webhookPort));
        env.put("WEBHOOK_CERT_DIR", WORK_DIR.toAbsolutePath().toString());
        env.put("HEALTH_PORT", Integer.toString(healthPort));
        env.put("METRICS_PORT", "0");
        return OperatorProcess.start("credentials", env, WORK_DIR);
    }

    private static void assertDenied(String namespace, String message) {
        Kubectl.Result denied = apiServer.kubectl().runWithInput(sample(namespace, "after"), "apply", "-f", "-");
        assertThat(denied.exitCode()).as(denied.stdout()).isNotZero();
        assertThat(denied.stderr()).contains("denied the request: " + message);
    }

    private static void awaitReadyCondition(String namespace, String reason, String message) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Condition ready = readyCondition(cluster(namespace, "before").getStatus());
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(reason);
            assertThat(ready.getMessage()).startsWith(message);
        });
    }

    private static Condition readyCondition(ResourceStatus status) {
        assertThat(status).isNotNull();
        return status.getConditions().stream()
                .filter(condition -> condition.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
    }

    private static void awaitEvent(String namespace, String reason) {
        await().atMost(PATIENCE)
                .until(() -> admin.events().v1().events().inNamespace(namespace).list().getItems().stream()
                        .anyMatch(event -> reason.equals(event.getReason())
                                && "before".equals(event.getRegarding().getName())
                                && "Warning".equals(event.getType())));
    }

    private static XCluster cluster(String namespace, String name) {
        return admin.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static void awaitReadyz(int healthPort, String bodyStart) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> answer = get(healthPort, "/readyz");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).startsWith(bodyStart);
            if (bodyStart.equals("ok")) {
                assertThat(answer.body()).isEqualTo("ok");
            }
        });
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.github.xcluster.testing;

import io.github.xcluster.dev.CertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar target/xcluster-operator.jar operator} as its own process, sized like the
 * Deployment of config/manager (512 MiB and one CPU as limits, and the container's JAVA_TOOL_OPTIONS), so its
 * memory and CPU are its own and can be read from /proc.
 */
public final class MeasuredOperator implements AutoCloseable {
    public static final Path JAR = Path.of("target/xcluster-operator.jar");
    /** What the container's limits tell the JVM; the rest of its options come from config/manager. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAM=512m", "-XX:ActiveProcessorCount=1");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READY_POLL = Duration.ofMillis(200);

    private final JavaProcess process;
    private final int webhookPort;
    private final int healthPort;
    private final int metricsPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MeasuredOperator(JavaProcess process, int webhookPort, int healthPort, int metricsPort) {
        this.process = process;
        this.webhookPort = webhookPort;
        this.healthPort = healthPort;
        this.metricsPort = metricsPort;
    }

    /** Starts the operator against the kubeconfig and metal-api given and waits for {@code /readyz}. */
    public static MeasuredOperator start(
            Path kubeconfig,
            String metalApiUrl,
            String hmacKey,
            Map<String, String> extraEnvironment,
            Path workDir,
            Path log)
            throws IOException, InterruptedException {
        Path certificates = Files.createDirectories(workDir.resolve("webhook-tls"));
        CertificateAuthority.create("measured operator CA", Duration.ofDays(1), Clock.systemUTC())
                .issueServerCertificate(List.of("127.0.0.1", "localhost"), Duration.ofDays(1))
                .writePem(certificates.resolve("tls.crt"), certificates.resolve("tls.key"));
        int webhookPort = JavaProcess.freePort();
        int healthPort = JavaProcess.freePort();
        int metricsPort = JavaProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.put("METAL_API_URL", metalApiUrl);
        env.put("METAL_API_HMAC", hmacKey);
        // As the Go operator it is compared with: no ProjectBindings to check.
        env.put("TENANCY", "single-tenant");
        env.put("WEBHOOK_PORT", Integer.toString(webhookPort));
        env.put("WEBHOOK_CERT_DIR", certificates.toAbsolutePath().toString());
        env.put("HEALTH_PORT", Integer.toString(healthPort));
        env.put("METRICS_PORT", Integer.toString(metricsPort));
        // plain HTTP without token reviews: the benchmark reads JOSDK's counters, MonitoringTest tests the access
        env.put("METRICS_SECURE", "false");
        env.put("JAVA_TOOL_OPTIONS", ShippedJvmOptions.javaToolOptions());
        env.putAll(extraEnvironment);
        JavaProcess process = JavaProcess.jar(JAR, JVM_OPTIONS, List.of("operator"), env, log);
        try {
            Readyz.await(process, healthPort, READY_POLL, READY_TIMEOUT);
        } catch (RuntimeException | InterruptedException notReady) {
            process.close();
            throw notReady;
        }
        return new MeasuredOperator(process, webhookPort, healthPort, metricsPort);
    }

    public int webhookPort() {
        return webhookPort;
    }

    public int healthPort() {
        return healthPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() {
        return process.logText();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessUsage usage() {
        return ProcessUsage.of(process.pid());
    }

    /** The Prometheus text of {@code /metrics}, with JOSDK's reconciliation counters. */
    public String scrapeMetrics() throws IOException, InterruptedException {
        return http.send(get("http://127.0.0.1:" + metricsPort + "/metrics"), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }

    /** SIGTERM, as Kubernetes stops a pod, then SIGKILL if it lingers. */
    @Override
    public void close() {
        process.close();
    }
}

package io.github.xcluster.bench;

import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.testing.JavaProcess;
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
 * Deployment of config/manager (512 MiB and one CPU as limits, 75 % of it as heap), so its memory
 * and CPU are its own and can be read from /proc.
 */
final class MeasuredOperator implements AutoCloseable {
    static final Path JAR = Path.of("target/xcluster-operator.jar");
    static final List<String> JVM_OPTIONS =
            List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=75.0", "-XX:ActiveProcessorCount=1");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READY_POLL = Duration.ofMillis(200);

    private final JavaProcess process;
    private final int metricsPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MeasuredOperator(JavaProcess process, int metricsPort) {
        this.process = process;
        this.metricsPort = metricsPort;
    }

    /** Starts the operator against the kubeconfig and metal-api given and waits for {@code /readyz}. */
    static MeasuredOperator start(
            Path kubeconfig,
            String metalApiUrl,
            String hmacKey,
            Map<String, String> extraEnvironment,
            Path workDir,
            Path log)
            throws IOException, InterruptedException {
        Path certificates = Files.createDirectories(workDir.resolve("webhook-tls"));
        CertificateAuthority.create("convergence benchmark CA", Duration.ofDays(1), Clock.systemUTC())
                .issueServerCertificate(List.of("127.0.0.1", "localhost"), Duration.ofDays(1))
                .writePem(certificates.resolve("tls.crt"), certificates.resolve("tls.key"));
        int healthPort = JavaProcess.freePort();
        int metricsPort = JavaProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.put("METAL_API_URL", metalApiUrl);
        env.put("METAL_API_HMAC", hmacKey);
        // As the Go operator it is compared with: no ProjectBindings to check.
        env.put("TENANCY", "single-tenant");
        env.put("WEBHOOK_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("WEBHOOK_CERT_DIR", certificates.toAbsolutePath().toString());
        env.put("HEALTH_PORT", Integer.toString(healthPort));
        env.put("METRICS_PORT", Integer.toString(metricsPort));
        // plain HTTP without token reviews: the benchmark reads JOSDK's counters, MonitoringTest tests the access
        env.put("METRICS_SECURE", "false");
        env.putAll(extraEnvironment);
        JavaProcess process = JavaProcess.jar(JAR, JVM_OPTIONS, List.of("operator"), env, log);
        try {
            Readyz.await(process, healthPort, READY_POLL, READY_TIMEOUT);
        } catch (RuntimeException | InterruptedException notReady) {
            process.close();
            throw notReady;
        }
        return new MeasuredOperator(process, metricsPort);
    }

    long pid() {
        return process.pid();
    }

    ProcessUsage usage() {
        return ProcessUsage.of(process.pid());
    }

    /** The Prometheus text of {@code /metrics}, with JOSDK's reconciliation counters. */
    String scrapeMetrics() throws IOException, InterruptedException {
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

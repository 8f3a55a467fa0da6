package io.github.xcluster.bench;

import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.webhook.MetalStackClusters;
import io.github.xcluster.webhook.WebhookServer;
import io.github.xcluster.webhook.WebhookSettings;
import io.github.xcluster.webhook.tls.CertificateFiles;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The server side of {@link AdmissionBenchmark}, in a JVM of its own: the webhook server as the
 * operator runs it (production logging, default settings) in front of the metal-api simulator.
 * Arguments: the directory holding tls.crt and tls.key, and the port. Stops when stdin closes.
 */
public final class WebhookServerProcess {
    static final String HMAC = "metal-admin";

    private WebhookServerProcess() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("logback.configurationFile", "logback.xml");
        Path certificates = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        try (MetalSimulator simulator =
                        MetalSimulator.builder().hmacKey(HMAC).build().start();
                WebhookServer server = WebhookServer.start(
                        null,
                        WebhookSettings.defaults()
                                .withPort(port)
                                .withCertificates(new CertificateFiles(
                                        certificates.resolve("tls.crt"), certificates.resolve("tls.key"))),
                        HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), HMAC)),
                        MetalApiChanges.none(),
                        Clock.systemUTC(),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        MetalStackClusters.none(),
                        TenantChecks.singleTenant())) {
            while (System.in.read() != -1) {
                // the benchmark holds stdin open for as long as it needs the server
            }
        }
    }
}

package io.github.xcluster.webhook;

import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.dev.IssuedCertificate;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.webhook.tls.CertificateFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The webhook server on a free port over real HTTPS, serving a certificate of its own test CA and
 * asking the metal-api simulator.
 */
final class HttpsWebhook implements AutoCloseable {
    final SimulatedMetal metal;
    final CertificateAuthority ca;
    final CertificateFiles files;
    final WebhookServer server;
    final SimpleMeterRegistry registry;

    private HttpsWebhook(
            SimulatedMetal metal,
            CertificateAuthority ca,
            CertificateFiles files,
            WebhookServer server,
            SimpleMeterRegistry registry) {
        this.metal = metal;
        this.ca = ca;
        this.files = files;
        this.server = server;
        this.registry = registry;
    }

    static HttpsWebhook start(Path certificateDirectory, Duration certificateCheckInterval) throws Exception {
        return start(certificateDirectory, certificateCheckInterval, WebhookSettings.ConnectionLimits.DEFAULT);
    }

    static HttpsWebhook start(
            Path certificateDirectory, Duration certificateCheckInterval, WebhookSettings.ConnectionLimits limits)
            throws Exception {
        SimulatedMetal metal = SimulatedMetal.start();
        CertificateAuthority ca = CertificateAuthority.create("serving test CA", Duration.ofDays(1), Clock.systemUTC());
        CertificateFiles files =
                serving(ca).writePem(certificateDirectory.resolve("tls.crt"), certificateDirectory.resolve("tls.key"));
        WebhookSettings settings = WebhookSettings.defaults()
                .withPort(0)
                .withCertificates(files)
                .withCertificateCheckInterval(certificateCheckInterval)
                .withLimits(limits);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new HttpsWebhook(
                metal,
                ca,
                files,
                WebhookServer.start(
                        null,
                        settings,
                        metal.metalApi,
                        MetalApiChanges.none(),
                        SimulatedMetal.CLOCK,
                        registry,
                        MetalStackClusters.none(),
                        TenantChecks.singleTenant()),
                registry);
    }

    static IssuedCertificate serving(CertificateAuthority ca) {
        return ca.issueServerCertificate(List.of("localhost", "127.0.0.1"), Duration.ofHours(1));
    }

    /** A fresh client (and so fresh TLS connections) trusting this server's CA and the others given. */
    HttpClient client(CertificateAuthority... alsoTrusted) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", ca.certificate().certificate());
        for (int i = 0; i < alsoTrusted.length; i++) {
            trusted.setCertificateEntry(
                    "also-" + i, alsoTrusted[i].certificate().certificate());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.close();
        metal.close();
    }
}

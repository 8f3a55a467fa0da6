package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Scrapes the operator's {@code /metrics} as Prometheus does: over HTTPS, verifying the serving certificate against
 * the world's CA, with the token of a ServiceAccount. The ClusterRole that lets it read is config/rbac's own.
 */
public final class MetricsScraper {
    public static final Path READER_ROLE = Path.of("config/rbac/metrics_reader_role.yaml");
    private static final String NAMESPACE = "monitoring";

    private final HttpClient http;
    private final URI metrics;

    /**
     * @param certificateAuthorityPem the CA of the operator's serving certificate
     * @param port the operator's metrics port on 127.0.0.1
     */
    public MetricsScraper(String certificateAuthorityPem, int port) {
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(certificateAuthorityPem))
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.metrics = URI.create("https://127.0.0.1:" + port + "/metrics");
    }

    /** A token of the ServiceAccount {@code monitoring/<account>}, made if need be, bound to the reader role if asked. */
    public static String tokenOf(KubernetesClient admin, String account, boolean mayRead) {
        if (admin.namespaces().withName(NAMESPACE).get() == null) {
            admin.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        admin.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        if (mayRead) {
            HasMetadata role = readerRole(admin);
            admin.resource(role).serverSideApply();
            admin.resource(new ClusterRoleBindingBuilder()
                            .withNewMetadata()
                            .withName(account + "-metrics-reader")
                            .endMetadata()
                            .withNewRoleRef(
                                    "rbac.authorization.k8s.io",
                                    "ClusterRole",
                                    role.getMetadata().getName())
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(account)
                            .withNamespace(NAMESPACE)
                            .endSubject()
                            .build())
                    .serverSideApply();
        }
        return ServiceAccountTokens.issue(admin, NAMESPACE, account);
    }

    private static HasMetadata readerRole(KubernetesClient admin) {
        try {
            return admin.getKubernetesSerialization().unmarshal(Files.readString(READER_ROLE), HasMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET /metrics with {@code Authorization: Bearer <token>} when a token is given. */
    public HttpResponse<String> get(Optional<String> token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(String certificateAuthorityPem) {
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            roots.setCertificateEntry(
                    "ca",
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(
                                    certificateAuthorityPem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the world's CA", e);
        }
    }
}

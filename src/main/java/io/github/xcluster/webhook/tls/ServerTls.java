package io.github.xcluster.webhook.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import java.util.List;
import java.util.Set;

/** How our HTTPS servers (the webhooks, /metrics) speak TLS. */
public final class ServerTls {
    /** TLS 1.3 alone is what the API server speaks today; 1.2 stays for older clients, never 1.1 or below. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /**
     * Forward secrecy (ECDHE) and authenticated encryption (GCM, ChaCha20-Poly1305) only, for RSA and ECDSA keys
     * alike (cert-manager issues RSA by default, the test CA and OLM's ECDSA); TLS 1.3's suites are all of that kind.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Without pooling, the JDK TLS engine takes a fresh 16 KiB heap buffer for every record it writes:
     * a quarter of all the webhook server allocates, and young collections that show in the admission p99.
     */
    private static final JdkSSLEngineOptions POOLED_TLS_BUFFERS = new JdkSSLEngineOptions().setPooledHeapBuffers(true);

    private ServerTls() {}

    /** HTTP/1.1 over TLS with our protocols and suites, serving the certificate. */
    public static HttpServerOptions options(ServingCertificate certificate) {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslEngineOptions(POOLED_TLS_BUFFERS)
                .setKeyCertOptions(certificate.keyCertOptions());
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }
}

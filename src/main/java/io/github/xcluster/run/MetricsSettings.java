package io.github.xcluster.run;

import io.github.xcluster.webhook.tls.CertificateFiles;
import java.util.Optional;

/**
 * How {@code /metrics} is served.
 *
 * @param secure HTTPS, and only for a bearer token whose user may {@code get} the non-resource URL {@code /metrics};
 *     otherwise plain HTTP to anyone (for a benchmark, never shipped)
 * @param certificates the serving certificate, reloaded when it rotates; a self-signed one without
 */
public record MetricsSettings(int port, boolean secure, Optional<CertificateFiles> certificates) {
    public static final int DEFAULT_PORT = 8443;

    public static MetricsSettings secure(int port) {
        return new MetricsSettings(port, true, Optional.empty());
    }

    public static MetricsSettings plain(int port) {
        return new MetricsSettings(port, false, Optional.empty());
    }
}

package io.github.xcluster.webhook.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Where the webhook's serving certificate and its private key lie on disk, both PEM. */
public record CertificateFiles(Path certificate, Path privateKey) {
    /** What cert-manager and kubebuilder projects mount. */
    public static final CertificateFiles CERT_MANAGER = new CertificateFiles(
            Path.of("/tmp/k8s-webhook-server/serving-certs/tls.crt"),
            Path.of("/tmp/k8s-webhook-server/serving-certs/tls.key"));

    /** What OLM mounts. */
    public static final CertificateFiles OLM = new CertificateFiles(
            Path.of("/apiserver.local.config/certificates/apiserver.crt"),
            Path.of("/apiserver.local.config/certificates/apiserver.key"));

    public static final List<CertificateFiles> KNOWN_LAYOUTS = List.of(CERT_MANAGER, OLM);

    public boolean exist() {
        return Files.isRegularFile(certificate) && Files.isRegularFile(privateKey);
    }

    /**
     * The first of the given layouts whose two files exist.
     *
     * @throws IllegalStateException naming every place looked at, when none has both files
     */
    public static CertificateFiles firstExisting(List<CertificateFiles> candidates) {
        return candidates.stream()
                .filter(CertificateFiles::exist)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no webhook serving certificate found; looked for "
                        + candidates.stream().map(CertificateFiles::toString).collect(Collectors.joining(" and "))
                        + "; configure the certificate and key files explicitly"));
    }

    @Override
    public String toString() {
        return certificate + " with key " + privateKey;
    }
}

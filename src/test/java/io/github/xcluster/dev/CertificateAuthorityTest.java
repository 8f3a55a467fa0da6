package io.github.xcluster.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.xcluster.webhook.tls.CertificateFiles;
import io.github.xcluster.webhook.tls.ServingCertificate;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    private final CertificateAuthority ca =
            CertificateAuthority.create("test CA", Duration.ofDays(1), Clock.systemUTC());

    @Test
    void serverCertificateIsSignedByTheCaForTheGivenNames() throws Exception {
        X509Certificate issued = ca.issueServerCertificate(List.of("localhost", "127.0.0.1"), Duration.ofHours(1))
                .certificate();

        issued.verify(ca.certificate().certificate().getPublicKey());
        assertThat(issued.getSubjectAlternativeNames().stream()
                        .map(name -> String.valueOf(name.get(1)))
                        .toList())
                .containsExactly("localhost", "127.0.0.1");
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.certificate().certificate().getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void writtenPemFilesReadBackAsAMatchingPair() throws Exception {
        CertificateFiles files = ca.issueServerCertificate(List.of("localhost"), Duration.ofHours(1))
                .writePem(dir.resolve("tls.crt"), dir.resolve("tls.key"));

        assertThat(ServingCertificate.read(files).certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        CertificateFiles first = ca.issueServerCertificate(List.of("localhost"), Duration.ofHours(1))
                .writePem(dir.resolve("a.crt"), dir.resolve("a.key"));
        CertificateFiles second = ca.issueServerCertificate(List.of("localhost"), Duration.ofHours(1))
                .writePem(dir.resolve("b.crt"), dir.resolve("b.key"));

        assertThatThrownBy(
                        () -> ServingCertificate.read(new CertificateFiles(first.certificate(), second.privateKey())))
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void firstLayoutWithBothFilesWins() throws Exception {
        CertificateFiles missing = new CertificateFiles(dir.resolve("none.crt"), dir.resolve("none.key"));
        CertificateFiles present = ca.issueServerCertificate(List.of("localhost"), Duration.ofHours(1))
                .writePem(dir.resolve("tls.crt"), dir.resolve("tls.key"));

        assertThat(CertificateFiles.firstExisting(List.of(missing, present))).isEqualTo(present);
        assertThatThrownBy(() -> CertificateFiles.firstExisting(List.of(missing)))
                .hasMessage("no webhook serving certificate found; looked for " + missing
                        + "; configure the certificate and key files explicitly");
    }
}

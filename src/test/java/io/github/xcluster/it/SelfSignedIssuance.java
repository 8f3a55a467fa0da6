package io.github.xcluster.it;

import io.github.xcluster.webhook.tls.CertificateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Secret cert-manager's self-signed issuer would write for a Certificate: {@code hack/certmanager-issue.sh}
 * runs cert-manager v1.21.2's own key generation, certificate template and signing on the Issuer and
 * Certificate of a YAML stream.
 *
 * @param directory holds tls.crt, tls.key and ca.crt, as the Secret's keys
 * @param warnings what the issuer warned about (cert-manager records them as events)
 */
record SelfSignedIssuance(Path directory, String warnings) {
    private static final Path SCRIPT = Path.of("hack/certmanager-issue.sh");

    /** Issues the single Certificate of {@code manifests} into {@code directory}. */
    static SelfSignedIssuance issue(String manifests, Path directory) {
        try {
            Files.createDirectories(directory);
            Path input = directory.resolve("manifests.yaml");
            Files.writeString(input, manifests);
            Path stderr = directory.resolve("issue.log");
            Process issuing = new ProcessBuilder(
                            SCRIPT.toString(), "-manifests", input.toString(), "-out", directory.toString())
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
            if (!issuing.waitFor(15, TimeUnit.MINUTES) || issuing.exitValue() != 0) {
                issuing.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " failed for " + input + ": " + Files.readString(stderr));
            }
            return new SelfSignedIssuance(directory, Files.readString(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT + " (run from the repository root)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + SCRIPT, e);
        }
    }

    /** Where the Deployment's webhook-server-cert volume puts these for the webhook server. */
    CertificateFiles servingFiles() {
        return new CertificateFiles(directory.resolve("tls.crt"), directory.resolve("tls.key"));
    }

    String caPem() {
        try {
            return Files.readString(directory.resolve("ca.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ca.crt in " + directory, e);
        }
    }
}

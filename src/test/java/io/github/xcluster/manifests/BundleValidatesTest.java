package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.xcluster.testing.GoToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in bundle passes the operator-framework validators (what {@code operator-sdk bundle
 * validate --select-optional suite=operatorframework} runs) through hack/bundle-validate.sh.
 */
class BundleValidatesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void bundleHasNoValidationErrors(@TempDir Path work) throws IOException, InterruptedException {
        assumeTrue(
                GoToolchain.installed(), "go is not installed; hack/bundle-validate.sh builds its validator with Go");

        Process validation = new ProcessBuilder(
                        ROOT.resolve("hack/bundle-validate.sh").toString(), "bundle")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("validation.log").toFile())
                .start();
        // The first run builds the validator from Go modules, which takes minutes on a busy machine.
        boolean finished = validation.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            validation.destroyForcibly().waitFor();
        }
        String output = Files.readString(work.resolve("validation.log"));

        assertThat(finished)
                .as("hack/bundle-validate.sh bundle did not finish:%n%s", output)
                .isTrue();
        assertThat(validation.exitValue())
                .as("hack/bundle-validate.sh bundle reported:%n%s", output)
                .isZero();
        assertThat(output).contains("bundle bundle: valid");
    }
}

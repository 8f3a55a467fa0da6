package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.xcluster.testing.GoToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in bundle passes the operator-framework validators with every optional suite
 * (operatorhub, good-practices, community, multiarch, deprecated APIs for Kubernetes 1.30 and 1.34)
 * through hack/bundle-validate.sh: no error, and no warning but those listed here with their reason.
 */
class BundleValidatesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String SCRIPT = "hack/bundle-validate.sh";

    /**
     * multiarch pulls and inspects each image with docker or podman. Here (and in CI) no container
     * engine or registry is reachable, so the image's platforms stay unknown ("error/error"): the
     * validator says so, and compares the pod's node affinity (linux/amd64, from the CSV's labels)
     * with that unknown. A missing label or node affinity is a warning this test does not accept.
     */
    private static final List<Pattern> ACCEPTED_WARNINGS = List.of(
            Pattern.compile("WARNING: \\[multiarch: [^\\]]+] .*unable to inspect the image \\(.*"),
            Pattern.compile(
                    "WARNING: \\[multiarch: [^\\]]+] .*the CSV includes \\[\"linux/amd64\"] in the node affinity"
                            + " configuration for the image: .*, but the image data suggests the following platforms are"
                            + " supported: \\[\"error/error\"]"),
            Pattern.compile(
                    "WARNING: \\[multiarch: [^\\]]+] .*the image data indicates \\[\"error/error\"] is supported"
                            + " for the image: .*, but the node affinity configuration for the image only specifies"
                            + " \\[\"linux/amd64\"]"));

    @BeforeEach
    void needsGo() {
        assumeTrue(GoToolchain.installed(), "go is not installed; " + SCRIPT + " builds its validator with Go");
    }

    @Test
    void bundlePassesEverySuiteWithOnlyTheWarningsOfAnUninspectableImage(@TempDir Path work)
            throws IOException, InterruptedException {
        HackScript.Result validation = HackScript.run(ROOT, work.resolve("validation.log"), SCRIPT, "bundle");

        assertThat(validation.exitCode())
                .as("%s bundle reported:%n%s", SCRIPT, validation.output())
                .isZero();
        assertThat(validation.output())
                .contains("bundle bundle: valid")
                .contains("suites: default, operatorhub, good-practices, community, multiarch, "
                        + "alpha-deprecated-apis k8s-version=1.30, alpha-deprecated-apis k8s-version=1.34");
        assertThat(validation.lines("WARNING: "))
                .as("warnings other than those of an image multiarch cannot inspect offline")
                .allSatisfy(warning -> assertThat(ACCEPTED_WARNINGS)
                        .anyMatch(accepted -> accepted.matcher(warning).matches()));
    }

    @Test
    void anApiRemovedBeforeKubernetes130IsAnErrorOfThatSuite(@TempDir Path work)
            throws IOException, InterruptedException {
        Path bundle = copyOfBundle(work);
        Files.writeString(bundle.resolve("manifests/old-budget_policy_v1beta1_poddisruptionbudget.yaml"), """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata:
                  name: old-budget
                spec:
                  minAvailable: 1
                """);

        HackScript.Result validation = HackScript.run(
                ROOT, work.resolve("validation.log"), SCRIPT, bundle.toString(), "-dockerfile", "bundle.Dockerfile");

        assertThat(validation.exitCode()).as(validation.output()).isEqualTo(1);
        assertThat(validation.lines("ERROR: "))
                .anyMatch(line -> line.startsWith("ERROR: [alpha-deprecated-apis k8s-version=1.30: ")
                        && line.contains("PodDisruptionBudget"));
    }

    private static Path copyOfBundle(Path work) throws IOException {
        Path copy = work.resolve("bundle");
        for (String directory : List.of(BundleAnnotations.MANIFESTS, BundleAnnotations.METADATA)) {
            Files.createDirectories(copy.resolve(directory));
            try (var files = Files.list(ROOT.resolve("bundle").resolve(directory))) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(directory).resolve(file.getFileName()));
                }
            }
        }
        return copy;
    }
}

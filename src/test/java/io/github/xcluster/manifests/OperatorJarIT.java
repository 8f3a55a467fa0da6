package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar that the Dockerfile copies into the image (and whose classes and runtime dependencies Jib layers) holds
 * the operator only: none of the dev world of src/dev, no kube-api-test, no test libraries.
 */
class OperatorJarIT {
    private static final Path JAR = Path.of("target/xcluster-operator.jar");

    @Test
    void operatorJarHoldsTheOperatorAndNoneOfTheDevWorld() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries)
                .contains(
                        "io/github/xcluster/run/Main.class",
                        "io/github/xcluster/reconcile/XClusterReconciler.class",
                        "io/github/xcluster/webhook/WebhookServer.class");
        assertThat(entries)
                .noneMatch(entry -> entry.startsWith("io/github/xcluster/dev/"))
                .noneMatch(entry -> entry.startsWith("io/github/xcluster/sim/"))
                .noneMatch(entry -> entry.startsWith("io/github/xcluster/it/"))
                .noneMatch(entry -> entry.startsWith("io/github/xcluster/testing/"))
                .noneMatch(entry -> entry.startsWith("io/fabric8/kubeapitest/"))
                .noneMatch(entry -> entry.startsWith("org/junit/"))
                .noneMatch(entry -> entry.startsWith("org/assertj/"))
                .noneMatch(entry -> entry.startsWith("io/fabric8/kubernetes/client/server/mock/"));
    }
}

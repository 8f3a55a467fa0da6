package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.xcluster.testing.GoToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in file-based catalog (catalog/, catalog.Dockerfile) is what hack/catalog.sh renders
 * from bundle/ with opm today, and {@code opm validate} accepts it.
 */
class CatalogTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path INDEX = Path.of("catalog/xcluster-operator/index.yaml");

    @BeforeEach
    void needsGo() {
        assumeTrue(GoToolchain.installed(), "go is not installed; hack/opm.sh builds opm with Go");
    }

    @Test
    void checkedInCatalogEqualsAFreshRenderingOfTheBundle(@TempDir Path fresh) throws Exception {
        HackScript.Result rendering =
                HackScript.run(ROOT, fresh.resolve("catalog.log"), "hack/catalog.sh", "bundle", fresh.toString());

        assertThat(rendering.exitCode()).as(rendering.output()).isZero();
        SortedMap<String, String> expected = catalogFiles(fresh);
        assertThat(catalogFiles(ROOT))
                .as("catalog/ and catalog.Dockerfile differ from a rendering of bundle/; run make catalog")
                .isEqualTo(expected);
        assertThat(expected.get(INDEX.toString()))
                .contains("schema: olm.package", "schema: olm.channel", "schema: olm.bundle")
                .contains("image: ghcr.io/xcluster-operator/xcluster-operator-bundle:v");
    }

    @Test
    void opmValidateAcceptsTheCatalog(@TempDir Path work) throws Exception {
        HackScript.Result validation =
                HackScript.run(ROOT, work.resolve("validate.log"), "hack/opm.sh", "validate", "catalog");

        assertThat(validation.exitCode()).as(validation.output()).isZero();
    }

    @Test
    void opmValidateRefusesAChannelWithoutItsBundle(@TempDir Path work) throws Exception {
        Path index = work.resolve(INDEX);
        Files.createDirectories(index.getParent());
        Files.writeString(
                index,
                Files.readString(ROOT.resolve(INDEX))
                        .replaceFirst("(?m)^- name: xcluster-operator\\.v.*$", "- name: xcluster-operator.v9.9.9"));

        HackScript.Result validation = HackScript.run(
                ROOT,
                work.resolve("validate.log"),
                "hack/opm.sh",
                "validate",
                work.resolve("catalog").toString());

        assertThat(validation.exitCode()).isNotZero();
        assertThat(validation.output()).contains("not found in any channel entries");
    }

    private static SortedMap<String, String> catalogFiles(Path root) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("catalog.Dockerfile", Files.readString(root.resolve("catalog.Dockerfile")));
        try (Stream<Path> paths = Files.walk(root.resolve("catalog"))) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }
}

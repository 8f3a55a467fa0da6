package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in bundle is what config/ and the pom make today. */
class BundleIsUpToDateTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void checkedInBundleEqualsAFreshGeneration(@TempDir Path fresh) throws IOException {
        BundleGenerator.forProject(ROOT).writeTo(fresh);

        SortedMap<String, String> expected = bundleFiles(fresh);
        SortedMap<String, String> checkedIn = bundleFiles(ROOT);

        assertThat(checkedIn.keySet())
                .as("files of bundle/ and bundle.Dockerfile differ from config/; run make bundle")
                .containsExactlyElementsOf(expected.keySet());
        expected.forEach((file, content) -> assertThat(checkedIn.get(file))
                .as("%s is out of date; run make bundle", file)
                .isEqualTo(content));
    }

    private static SortedMap<String, String> bundleFiles(Path root) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        Path dockerfile = root.resolve("bundle.Dockerfile");
        if (Files.exists(dockerfile)) {
            files.put("bundle.Dockerfile", Files.readString(dockerfile));
        }
        Path bundle = root.resolve("bundle");
        if (Files.isDirectory(bundle)) {
            try (Stream<Path> paths = Files.walk(bundle)) {
                for (Path file : paths.filter(Files::isRegularFile).toList()) {
                    files.put(root.relativize(file).toString(), Files.readString(file));
                }
            }
        }
        return files;
    }
}

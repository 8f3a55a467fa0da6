package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.xcluster.dev.KubeBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClusterctlRepositoryIsUpToDateTest {
    @Test
    void checkedInRepositoryIsWhatConfigClusterctlRenders() throws IOException {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        assumeTrue(binaries.present(), "no kubectl in " + binaries.directory() + "; run make envtest");

        SortedMap<String, String> expected = ClusterctlRepository.render();
        SortedMap<String, String> checkedIn = checkedInFiles();

        assertThat(checkedIn.keySet())
                .as(
                        "files of %s differ from config/clusterctl and the pom; run make clusterctl-repo",
                        ClusterctlRepository.DIRECTORY)
                .containsExactlyElementsOf(expected.keySet());
        expected.forEach((file, content) -> assertThat(checkedIn.get(file))
                .as("%s/%s is out of date; run make clusterctl-repo", ClusterctlRepository.DIRECTORY, file)
                .isEqualTo(content));
    }

    private static SortedMap<String, String> checkedInFiles() throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        Path directory = ClusterctlRepository.DIRECTORY;
        if (Files.isDirectory(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path file : paths.filter(Files::isRegularFile).toList()) {
                    files.put(directory.relativize(file).toString(), Files.readString(file));
                }
            }
        }
        return files;
    }
}

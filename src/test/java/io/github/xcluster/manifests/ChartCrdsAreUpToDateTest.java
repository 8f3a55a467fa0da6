package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.testing.HelmChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartCrdsAreUpToDateTest {
    @Test
    void chartCrdsAreTheGeneratedOnes() throws IOException {
        SortedMap<String, String> generated = yamlFiles(CrdManifests.CHECKED_IN);
        SortedMap<String, String> inChart = yamlFiles(HelmChart.directory().resolve("crds"));

        assertThat(generated).as("CRDs in %s", CrdManifests.CHECKED_IN).isNotEmpty();
        assertThat(inChart.keySet())
                .as("files of the chart's crds/ differ from config/crd/bases; run make chart-crds")
                .containsExactlyElementsOf(generated.keySet());
        generated.forEach((file, content) -> assertThat(inChart.get(file))
                .as("the chart's crds/%s is out of date; run make chart-crds", file)
                .isEqualTo(content));
    }

    private static SortedMap<String, String> yamlFiles(Path directory) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path file :
                    paths.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}

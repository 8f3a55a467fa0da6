package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdManifestsAreUpToDateTest {
    @Test
    void checkedInCrdsMatchTheJavaModel() throws Exception {
        for (Map.Entry<Path, String> manifest : CrdManifests.render().entrySet()) {
            Path checkedIn = CrdManifests.CHECKED_IN.resolve(manifest.getKey());
            assertThat(checkedIn)
                    .as("%s is missing: run `make manifests`", checkedIn)
                    .exists();
            assertThat(Files.readString(checkedIn))
                    .as("%s is out of date with the Java model: run `make manifests` and commit the result", checkedIn)
                    .isEqualTo(manifest.getValue());
        }
    }

    @Test
    void printerColumnsComeInTheDeclaredOrder() throws Exception {
        String xcluster = CrdManifests.render().get(Path.of("cluster.www.x-cellent.com_xclusters.yaml"));
        assertThat(xcluster)
                .containsSubsequence(
                        "name: \"Ready\"",
                        "name: \"Partition\"",
                        "name: \"Project\"",
                        "name: \"Network\"",
                        "name: \"Age\"");
        String xfirewall = CrdManifests.render().get(Path.of("cluster.www.x-cellent.com_xfirewalls.yaml"));
        assertThat(xfirewall)
                .containsSubsequence("name: \"Ready\"", "name: \"Machine\"", "name: \"Last-Event\"", "name: \"Age\"");
    }
}

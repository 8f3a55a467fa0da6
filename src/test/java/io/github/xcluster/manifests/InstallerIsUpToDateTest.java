package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.xcluster.dev.KubeBinaries;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InstallerIsUpToDateTest {
    @Test
    void checkedInInstallerIsWhatConfigDefaultRenders() throws Exception {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        assumeTrue(binaries.present(), "no kubectl in " + binaries.directory() + "; run make envtest");

        assertThat(InstallerManifest.FILE)
                .as("%s is missing: run `make installer`", InstallerManifest.FILE)
                .exists();
        assertThat(Files.readString(InstallerManifest.FILE))
                .as(
                        "%s is out of date with config/: run `make installer` and commit the result",
                        InstallerManifest.FILE)
                .isEqualTo(InstallerManifest.render());
    }
}

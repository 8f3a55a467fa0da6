package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainerImageTest {
    @Test
    void aTaggedReferenceSplitsAtTheTagNotAtTheRegistryPort() {
        ContainerImage image = ContainerImage.replacing("controller", "registry.example:5000/team/op:1.2.3");

        assertThat(image.newName()).isEqualTo("registry.example:5000/team/op");
        assertThat(image.newTag()).isEqualTo("1.2.3");
        assertThat(image.reference()).isEqualTo("registry.example:5000/team/op:1.2.3");
    }

    @Test
    void aDigestReferenceKeepsTheDigest() {
        ContainerImage image = ContainerImage.replacing("controller", "ghcr.io/org/op@sha256:0123abcd");

        assertThat(image.newName()).isEqualTo("ghcr.io/org/op");
        assertThat(image.digest()).isEqualTo("sha256:0123abcd");
        assertThat(image.reference()).isEqualTo("ghcr.io/org/op@sha256:0123abcd");
    }

    @Test
    void aReferenceWithoutTagOrDigestIsRejectedWithAnExample() {
        assertThatThrownBy(() -> ContainerImage.replacing("controller", "registry.example:5000/team/op"))
                .isInstanceOf(BundleSourceException.class)
                .hasMessageContaining("\"registry.example:5000/team/op\" has neither a tag nor a digest");
    }

    @Test
    void replacesContainersRunningItsNameWithAnyTag() {
        ContainerImage image = ContainerImage.replacing("controller", "ghcr.io/org/op:1.0.0");

        assertThat(image.replaces("controller:latest")).isTrue();
        assertThat(image.replaces("controller")).isTrue();
        assertThat(image.replaces("sidecar:latest")).isFalse();
    }
}

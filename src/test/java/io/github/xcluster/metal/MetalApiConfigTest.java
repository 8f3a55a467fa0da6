package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetalApiConfigTest {
    @Test
    void readsTheMetalctlVariablesAsFallbacksInOrder() {
        MetalApiConfig config = MetalApiConfig.fromEnvironment(Map.of(
                "METALCTL_URL",
                "http://c:8080/metal",
                "METALCTL_API_URL",
                "http://b:8080/metal",
                "METALCTL_HMAC",
                "k"));
        assertThat(config.url()).hasToString("http://b:8080/metal");
        assertThat(config.hmacKey()).hasValue("k");
        assertThat(config.hmacAuthType()).isEqualTo(AuthType.ADMIN);
        MetalApiConfig preferred = MetalApiConfig.fromEnvironment(Map.of(
                "METAL_API_URL",
                "https://a/metal",
                "METALCTL_URL",
                "http://c/metal",
                "METAL_API_HMAC",
                "x",
                "METALCTL_HMAC",
                "y"));
        assertThat(preferred.url()).hasToString("https://a/metal");
        assertThat(preferred.hmacKey()).hasValue("x");
    }

    @Test
    void aMissingUrlSaysWhichVariableToSet() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of()))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessageContaining("METAL_API_URL is not set")
                .hasMessageContaining("METAL_API_URL=http://localhost:8080/metal");
    }

    @Test
    void aMalformedUrlNamesTheVariableAndValue() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METALCTL_URL", "api.example:8080")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessageContaining("METALCTL_URL=api.example:8080 is not a metal-api URL");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METAL_API_URL", "ftp://x/metal")))
                .hasMessageContaining("METAL_API_URL=ftp://x/metal");
    }

    @Test
    void anUnknownAuthTypeListsTheAllowedOnes() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "http://a/metal", "METAL_API_HMAC_AUTH_TYPE", "metal-admin")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessageContaining("METAL_API_HMAC_AUTH_TYPE")
                .hasMessageContaining("Metal-View, Metal-Edit, Metal-Admin");
    }

    @Test
    void neitherKeyNorTokenAppearInItsText() {
        MetalApiConfig config = MetalApiConfig.fromEnvironment(
                Map.of("METAL_API_URL", "http://a/metal", "METAL_API_HMAC", "s3cr3t-key", "METAL_API_TOKEN", "t0k3n"));
        assertThat(config.toString())
                .doesNotContain("s3cr3t-key")
                .doesNotContain("t0k3n")
                .contains("hmac=<set>", "token=<set>");
    }
}

package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetalApiConfigTest {
    @Test
    void readsTheMetalctlVariablesAsFallbacksInOrder() {
        MetalApiConfig config = MetalApiConfig.fromEnvironment(Map.of(
                "METALCTL_URL",
                "https://c:8080/metal",
                "METALCTL_API_URL",
                "https://b:8080/metal",
                "METALCTL_HMAC",
                "k"));
        assertThat(config.url()).hasToString("https://b:8080/metal");
        assertThat(config.hmacKey()).hasValue("k");
        assertThat(config.hmacAuthType()).isEqualTo(AuthType.ADMIN);
        MetalApiConfig preferred = MetalApiConfig.fromEnvironment(Map.of(
                "METAL_API_URL",
                "https://a/metal",
                "METALCTL_URL",
                "https://c/metal",
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
                .hasMessageContaining("METAL_API_URL=https://metal-api.example.com/metal");
    }

    @Test
    void aMalformedUrlNamesTheVariableButNotItsValue() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METALCTL_URL", "api.example:8080")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessage("METALCTL_URL is not a metal-api URL: it needs http:// or https:// and a host; expected"
                        + " e.g. https://metal-api.example.com/metal");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METAL_API_URL", "https://a b/metal")))
                .hasMessage("METAL_API_URL is not a metal-api URL: illegal character in authority; expected e.g."
                        + " https://metal-api.example.com/metal");
    }

    @Test
    void plainHttpGoesOnlyToThisMachineUnlessAllowed() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METAL_API_URL", "http://api.example/metal")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessage("METAL_API_URL is plain http:// to api.example, which is not this machine: signed"
                        + " requests and tokens would cross the network readable to anyone on the way. Use https://,"
                        + " or set METAL_API_ALLOW_HTTP=true to accept that (e.g. for mini-lab)");
        for (String local : List.of("http://localhost:8080/metal", "http://127.0.0.1/metal", "http://[::1]:80/m")) {
            assertThat(MetalApiConfig.fromEnvironment(Map.of("METAL_API_URL", local))
                            .url())
                    .hasToString(local);
        }
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(Map.of("METAL_API_URL", "http://127.0.0.1.example/m")))
                .hasMessageContaining("not this machine");
        assertThat(MetalApiConfig.fromEnvironment(
                                Map.of("METAL_API_URL", "http://api.example/metal", "METAL_API_ALLOW_HTTP", "true"))
                        .url())
                .hasToString("http://api.example/metal");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://a/metal", "METAL_API_ALLOW_HTTP", "yes")))
                .hasMessage("METAL_API_ALLOW_HTTP must be true or false, was \"yes\"");
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://admin:pa55word@api.example/metal")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessage("METAL_API_URL carries user info before its host; metal-api takes its credential from"
                        + " hmac or token, never from the URL")
                .hasMessageNotContaining("pa55word");
    }

    @Test
    void theTokenIsTrimmedAndCheckedWithoutBeingShown() {
        MetalApiConfig config = MetalApiConfig.fromEnvironment(
                Map.of("METAL_API_URL", "https://a/metal", "METAL_API_TOKEN", "eyJhbGciOi.eyJzdWIi.c2ln==\n"));
        assertThat(config.token()).hasValue("eyJhbGciOi.eyJzdWIi.c2ln==");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://a/metal", "METAL_API_TOKEN", "s3cr3t tail")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessage("METAL_API_TOKEN is not a bearer token: character 7 of 11 is not allowed (a token holds"
                        + " A-Z, a-z, 0-9 and -._~+/, then = at the end only)")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://a/metal", "METAL_API_TOKEN", "ab=cd")))
                .hasMessageContaining("character 3 of 5");
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://a/metal", "METAL_API_TOKEN", "https://a/metal")))
                .hasMessage("METAL_API_TOKEN looks like a URL, not a token: are url and token swapped?");
    }

    @Test
    void anUnknownAuthTypeListsTheAllowedOnes() {
        assertThatThrownBy(() -> MetalApiConfig.fromEnvironment(
                        Map.of("METAL_API_URL", "https://a/metal", "METAL_API_HMAC_AUTH_TYPE", "metal-admin")))
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessageContaining("METAL_API_HMAC_AUTH_TYPE")
                .hasMessageContaining("Metal-View, Metal-Edit, Metal-Admin");
    }

    @Test
    void neitherKeyNorTokenAppearInItsText() {
        MetalApiConfig config = MetalApiConfig.fromEnvironment(
                Map.of("METAL_API_URL", "https://a/metal", "METAL_API_HMAC", "s3cr3t-key", "METAL_API_TOKEN", "t0k3n"));
        assertThat(config.toString())
                .doesNotContain("s3cr3t-key")
                .doesNotContain("t0k3n")
                .contains("hmac=<set>", "token=<set>");
    }
}

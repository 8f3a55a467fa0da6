package io.github.xcluster.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedMetalApiSourceTest {
    @TempDir
    Path directory;

    @Test
    void anEmptyOrMissingVolumeNamesWhereTheSecretBelongs() {
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory, AuthType.ADMIN, false).read())
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessage("no Secret mounted at "
                        + directory
                        + "; create the Secret metal-api with the keys url and hmac in the operator's namespace");
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory.resolve("absent"), AuthType.ADMIN, false).read())
                .hasMessageStartingWith("no Secret mounted at " + directory.resolve("absent"));
    }

    @Test
    void theKeysAreReadWithoutTheTrailingNewlineThatEchoLeavesAndPlainHttpWhenAllowed() throws IOException {
        Files.writeString(directory.resolve("url"), "http://metal-api:8080/metal\n");
        Files.writeString(directory.resolve("hmac"), "key\n");

        MetalApiConfig config = new MetalApiSource.Mounted(directory, AuthType.EDIT, true).read();

        assertThat(config.url()).hasToString("http://metal-api:8080/metal");
        assertThat(config.hmacKey()).hasValue("key");
        assertThat(config.hmacAuthType()).isEqualTo(AuthType.EDIT);
        assertThat(config.token()).isEmpty();
    }

    @Test
    void aSecretWithoutAUsableUrlSaysWhatIsWrongAndNeverShowsTheKey() throws IOException {
        Files.writeString(directory.resolve("hmac"), "secret-key");
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory, AuthType.ADMIN, false).read())
                .hasMessageStartingWith("no key url in the Secret mounted at " + directory)
                .hasMessageNotContaining("secret-key");

        Files.writeString(directory.resolve("url"), "metal-api:8080");
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory, AuthType.ADMIN, false).read())
                .hasMessageStartingWith("url in the Secret mounted at " + directory + " is not a metal-api URL")
                .hasMessageNotContaining("secret-key");

        Files.writeString(directory.resolve("url"), "http://metal-api:8080/metal");
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory, AuthType.ADMIN, false).read())
                .hasMessageContaining("is plain http:// to metal-api, which is not this machine")
                .hasMessageContaining("METAL_API_ALLOW_HTTP=true");
    }

    @Test
    void swappedKeysAreNamedAndNeitherValueIsShown() throws IOException {
        Files.writeString(directory.resolve("url"), "0ddba11-hmac-key\n");
        Files.writeString(directory.resolve("hmac"), "https://metal-api.example.com/metal\n");
        assertThatThrownBy(() -> new MetalApiSource.Mounted(directory, AuthType.ADMIN, false).read())
                .isInstanceOf(MetalApiConfigException.class)
                .hasMessageContaining("url in the Secret mounted at " + directory + " is not a metal-api URL")
                .hasMessageContaining("are url and hmac swapped?")
                .hasMessageNotContaining("0ddba11");
    }
}

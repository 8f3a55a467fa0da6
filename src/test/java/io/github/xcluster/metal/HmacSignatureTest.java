package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors computed independently of this code (FACTS.md §2, from metal-stack/security). */
class HmacSignatureTest {
    private static final byte[] KEY = "metal-admin".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsDateMethodAndSaltLikeMetalApi() {
        assertThat(HmacSignature.compute(KEY, "2024-01-02T03:04:05Z", "GET", "abcdefghijklmnopqrstuvwx"))
                .isEqualTo("35a82f29c300bd8fd32bf179037281b138a7a2dfb16566c09679d0c6095203bf");
    }

    @Test
    void anEmptySaltIsHashedAsNothing() {
        assertThat(HmacSignature.compute(KEY, "2024-01-02T03:04:05Z", "POST", ""))
                .isEqualTo("31c2c83316f368bbc0541f065da081e103b3a15f4e2cc7b7d8bc6c7deb0970e8");
    }
}

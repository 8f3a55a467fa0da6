package io.github.xcluster.metal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC metal-api checks: lowercase hex HMAC-SHA256 over X-Date, the upper-case method and
 * X-Data-Salt, concatenated without separators. Path and body are not part of it.
 */
public final class HmacSignature {
    private HmacSignature() {}

    public static String compute(byte[] key, String xDate, String method, String salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(xDate.getBytes(StandardCharsets.UTF_8));
            mac.update(method.getBytes(StandardCharsets.UTF_8));
            mac.update(salt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}

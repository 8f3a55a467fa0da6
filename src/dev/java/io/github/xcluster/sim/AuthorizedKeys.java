package io.github.xcluster.sim;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** The check metal-api makes of {@code ssh_pub_keys}: each must read as an authorized_keys line of a known key type. */
final class AuthorizedKeys {
    private static final Set<String> KEY_TYPES = Set.of(
            "ssh-rsa",
            "ssh-dss",
            "ssh-ed25519",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    private AuthorizedKeys() {}

    static void check(List<String> keys) {
        for (String key : keys) {
            String problem = problem(key);
            if (problem != null) {
                throw SimError.unprocessable("invalid public SSH key: " + key + " error:" + problem);
            }
        }
    }

    private static String problem(String key) {
        String[] fields = key.trim().split("\\s+");
        if (fields.length < 2) {
            return "ssh: no key found";
        }
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(fields[1]));
            int length = blob.getInt();
            if (length < 0 || length > blob.remaining()) {
                return "ssh: no key found";
            }
            byte[] type = new byte[length];
            blob.get(type);
            String keyType = new String(type, StandardCharsets.US_ASCII);
            return KEY_TYPES.contains(keyType) ? null : "ssh: unknown key algorithm: " + keyType;
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            return "ssh: no key found";
        }
    }
}

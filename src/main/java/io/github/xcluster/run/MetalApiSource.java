package io.github.xcluster.run;

import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where the operator's metal-api credentials come from; read again and again, so they may change. */
public sealed interface MetalApiSource {
    /**
     * The current credentials.
     *
     * @throws MetalApiConfigException when there are none, or they cannot be used, saying why
     */
    MetalApiConfig read();

    /** Given once, e.g. by environment variables. */
    record Fixed(MetalApiConfig config) implements MetalApiSource {
        @Override
        public MetalApiConfig read() {
            return config;
        }
    }

    /**
     * A Secret mounted as a volume with {@code optional: true}: the kubelet creates, updates and empties the files
     * {@code url}, {@code hmac} and {@code token} as the Secret comes, changes and goes.
     */
    record Mounted(Path directory, AuthType hmacAuthType, boolean plainHttpAllowed) implements MetalApiSource {
        private static final List<String> KEYS = List.of("url", "hmac", "token");

        @Override
        public MetalApiConfig read() {
            Map<String, String> keys = new HashMap<>();
            for (String key : KEYS) {
                Path file = directory.resolve(key);
                if (Files.isReadable(file)) {
                    try {
                        keys.put(key, Files.readString(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file, e);
                    }
                }
            }
            if (keys.isEmpty()) {
                throw new MetalApiConfigException("no Secret mounted at "
                        + directory
                        + "; create the Secret metal-api with the keys url and hmac in the operator's namespace");
            }
            return MetalApiConfig.fromSecret(
                    keys, "the Secret mounted at " + directory, hmacAuthType, plainHttpAllowed);
        }
    }
}

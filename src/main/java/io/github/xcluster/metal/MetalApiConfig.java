package io.github.xcluster.metal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach metal-api, read from the same environment variables metalctl and mini-lab use.
 * {@link #toString()} never shows the HMAC key or the token.
 */
public record MetalApiConfig(
        URI url,
        Optional<String> hmacKey,
        AuthType hmacAuthType,
        Optional<String> token,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> URL_VARIABLES = List.of("METAL_API_URL", "METALCTL_API_URL", "METALCTL_URL");
    private static final List<String> HMAC_VARIABLES = List.of("METAL_API_HMAC", "METALCTL_HMAC");

    public static MetalApiConfig of(String url, String hmacKey) {
        return new MetalApiConfig(
                parseUrl("url", url),
                Optional.ofNullable(hmacKey),
                AuthType.ADMIN,
                Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public static MetalApiConfig fromEnvironment(Map<String, String> env) {
        String urlVariable = URL_VARIABLES.stream()
                .filter(name -> present(env, name))
                .findFirst()
                .orElseThrow(() ->
                        new MetalApiConfigException("METAL_API_URL is not set (nor METALCTL_API_URL, METALCTL_URL); "
                                + "set it to metal-api's base URL, e.g. METAL_API_URL=http://localhost:8080/metal"));
        Optional<String> hmac = HMAC_VARIABLES.stream()
                .filter(name -> present(env, name))
                .findFirst()
                .map(env::get);
        String typeName = env.getOrDefault("METAL_API_HMAC_AUTH_TYPE", AuthType.ADMIN.header());
        AuthType type;
        try {
            type = AuthType.fromHeader(typeName.trim());
        } catch (IllegalArgumentException e) {
            throw new MetalApiConfigException("METAL_API_HMAC_AUTH_TYPE: " + e.getMessage());
        }
        return new MetalApiConfig(
                parseUrl(urlVariable, env.get(urlVariable).trim()),
                hmac,
                type,
                Optional.ofNullable(env.get("METAL_API_TOKEN")).filter(value -> !value.isBlank()),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    private static URI parseUrl(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "needs http:// or https:// and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MetalApiConfigException(variable
                    + "="
                    + value
                    + " is not a metal-api URL ("
                    + e.getReason()
                    + "); expected e.g. http://localhost:8080/metal");
        }
    }

    public MetalApiConfig withTimeouts(Duration connect, Duration request) {
        return new MetalApiConfig(url, hmacKey, hmacAuthType, token, connect, request);
    }

    @Override
    public String toString() {
        return "MetalApiConfig[url="
                + url
                + ", hmac="
                + (hmacKey.isPresent() ? "<set>" : "<none>")
                + ", hmacAuthType="
                + hmacAuthType.header()
                + ", token="
                + (token.isPresent() ? "<set>" : "<none>")
                + ", connectTimeout="
                + connectTimeout
                + ", requestTimeout="
                + requestTimeout
                + "]";
    }
}

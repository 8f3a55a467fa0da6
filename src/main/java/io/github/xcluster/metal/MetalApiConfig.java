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
                parseUrl("url=" + url, url),
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
        String urlValue = env.get(urlVariable).trim();
        return new MetalApiConfig(
                parseUrl(urlVariable + "=" + urlValue, urlValue),
                hmac,
                hmacAuthType(env),
                Optional.ofNullable(env.get("METAL_API_TOKEN")).filter(value -> !value.isBlank()),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * From the keys of a Secret as it is mounted into the pod: {@code url}, {@code hmac}, {@code token}. A
     * trailing newline (as {@code echo} leaves it) is not part of a value.
     *
     * @param source where the keys were read, named in messages
     */
    public static MetalApiConfig fromSecret(Map<String, String> keys, String source, AuthType hmacAuthType) {
        String url = value(keys, "url")
                .orElseThrow(() -> new MetalApiConfigException("no key url in "
                        + source
                        + "; the Secret needs url (metal-api's base URL, e.g. http://metal-api:8080/metal) and hmac"
                        + " (or token)"));
        return new MetalApiConfig(
                parseUrl("url " + url + " in " + source, url),
                value(keys, "hmac"),
                hmacAuthType,
                value(keys, "token"),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** {@code METAL_API_HMAC_AUTH_TYPE}, {@code Metal-Admin} when unset. */
    public static AuthType hmacAuthType(Map<String, String> env) {
        String typeName = env.getOrDefault("METAL_API_HMAC_AUTH_TYPE", AuthType.ADMIN.header());
        try {
            return AuthType.fromHeader(typeName.trim());
        } catch (IllegalArgumentException e) {
            throw new MetalApiConfigException("METAL_API_HMAC_AUTH_TYPE: " + e.getMessage());
        }
    }

    private static Optional<String> value(Map<String, String> keys, String key) {
        return Optional.ofNullable(keys.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    /** @param setting the setting as a message names it, e.g. {@code METAL_API_URL=ftp://x} */
    private static URI parseUrl(String setting, String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "needs http:// or https:// and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MetalApiConfigException(setting
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

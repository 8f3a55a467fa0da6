package io.github.xcluster.metal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
    private static final String EXAMPLE_URL = "https://metal-api.example.com/metal";
    private static final String TOKEN_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

    /** A URL of this machine and a key, as tests and the local world use them. */
    public static MetalApiConfig of(String url, String hmacKey) {
        return new MetalApiConfig(
                parseUrl("url", url, false, Optional.empty()),
                Optional.ofNullable(hmacKey),
                AuthType.ADMIN,
                Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public static MetalApiConfig fromEnvironment(Map<String, String> env) {
        String urlVariable = URL_VARIABLES.stream()
                .filter(name -> value(env, name).isPresent())
                .findFirst()
                .orElseThrow(() -> new MetalApiConfigException("METAL_API_URL is not set (nor METALCTL_API_URL,"
                        + " METALCTL_URL); set it to metal-api's base URL, e.g. METAL_API_URL=" + EXAMPLE_URL));
        String hmacVariable = HMAC_VARIABLES.stream()
                .filter(name -> value(env, name).isPresent())
                .findFirst()
                .orElse(HMAC_VARIABLES.get(0));
        Optional<String> hmac = value(env, hmacVariable);
        return new MetalApiConfig(
                parseUrl(urlVariable, value(env, urlVariable).get(), plainHttpAllowed(env), hmac),
                hmacKey(hmacVariable, hmac),
                hmacAuthType(env),
                bearerToken("METAL_API_TOKEN", value(env, "METAL_API_TOKEN")),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * From the keys of a Secret as it is mounted into the pod: {@code url}, {@code hmac}, {@code token}. A
     * trailing newline (as {@code echo} leaves it) is not part of a value.
     *
     * @param source where the keys were read, named in messages
     * @param plainHttpAllowed whether {@code http://} may name another machine ({@link #plainHttpAllowed})
     */
    public static MetalApiConfig fromSecret(
            Map<String, String> keys, String source, AuthType hmacAuthType, boolean plainHttpAllowed) {
        Optional<String> url = value(keys, "url");
        if (url.isEmpty()) {
            throw new MetalApiConfigException("no key url in " + source + "; the Secret needs url (metal-api's base"
                    + " URL, e.g. " + EXAMPLE_URL + ") and hmac (or token)");
        }
        Optional<String> hmac = value(keys, "hmac");
        return new MetalApiConfig(
                parseUrl("url in " + source, url.get(), plainHttpAllowed, hmac),
                hmacKey("hmac in " + source, hmac),
                hmacAuthType,
                bearerToken("token in " + source, value(keys, "token")),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * {@code METAL_API_ALLOW_HTTP=true}: plain {@code http://} to another machine is allowed, as for mini-lab. Without
     * it only loopback may go without TLS: HMAC-signed requests can be replayed and tokens reused by whoever reads
     * them.
     */
    public static boolean plainHttpAllowed(Map<String, String> env) {
        String flag = env.getOrDefault("METAL_API_ALLOW_HTTP", "false").strip();
        if (!flag.equals("true") && !flag.equals("false")) {
            throw new MetalApiConfigException("METAL_API_ALLOW_HTTP must be true or false, was \"" + flag + "\"");
        }
        return flag.equals("true");
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

    private static boolean looksLikeUrl(String value) {
        return value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8);
    }

    private static Optional<String> hmacKey(String where, Optional<String> key) {
        if (key.isPresent() && looksLikeUrl(key.get())) {
            throw new MetalApiConfigException(where + " looks like a URL, not an HMAC key: are url and hmac swapped?");
        }
        return key;
    }

    /** RFC 6750's b64token (a JWT is one); a message says where a token is wrong, never what it holds. */
    private static Optional<String> bearerToken(String where, Optional<String> token) {
        if (token.isEmpty()) {
            return token;
        }
        if (looksLikeUrl(token.get())) {
            throw new MetalApiConfigException(where + " looks like a URL, not a token: are url and token swapped?");
        }
        OptionalInt wrong = firstWrongCharacter(token.get());
        if (wrong.isPresent()) {
            throw new MetalApiConfigException(where + " is not a bearer token: character " + (wrong.getAsInt() + 1)
                    + " of " + token.get().length()
                    + " is not allowed (a token holds A-Z, a-z, 0-9 and -._~+/, then = at the end only)");
        }
        return token;
    }

    private static OptionalInt firstWrongCharacter(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean padding = c == '=' && i > 0 && token.substring(i).chars().allMatch(tail -> tail == '=');
            if (!padding && TOKEN_CHARACTERS.indexOf(c) < 0) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * @param where the setting as a message names it, e.g. {@code METAL_API_URL}; the value itself is never shown,
     *     since a Secret with swapped keys would show its key
     */
    private static URI parseUrl(String where, String value, boolean plainHttpAllowed, Optional<String> hmac) {
        String hint = hmac.filter(MetalApiConfig::looksLikeUrl).isPresent()
                ? " (the HMAC key looks like a URL: are url and hmac swapped?)"
                : "";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new MetalApiConfigException(where + " is not a metal-api URL: "
                    + e.getReason().toLowerCase(Locale.ROOT) + hint + "; expected e.g. " + EXAMPLE_URL);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new MetalApiConfigException(where + " is not a metal-api URL: it needs http:// or https:// and a"
                    + " host" + hint + "; expected e.g. " + EXAMPLE_URL);
        }
        if (uri.getRawUserInfo() != null) {
            throw new MetalApiConfigException(where + " carries user info before its host; metal-api takes its"
                    + " credential from hmac or token, never from the URL");
        }
        if ("http".equals(uri.getScheme()) && !plainHttpAllowed && !isLoopback(uri.getHost())) {
            throw new MetalApiConfigException(where + " is plain http:// to " + uri.getHost() + ", which is not this"
                    + " machine: signed requests and tokens would cross the network readable to anyone on the way."
                    + " Use https://, or set METAL_API_ALLOW_HTTP=true to accept that (e.g. for mini-lab)");
        }
        return uri;
    }

    /** Literal loopback only: a name that resolves to 127.0.0.1 today may not tomorrow. */
    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost")
                || host.equals("[::1]")
                || host.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
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

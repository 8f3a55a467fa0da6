package io.github.xcluster.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.HmacSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Raw HTTP to a metal-api or the simulator's {@code /_sim/} routes, signed as metal-go signs when a key is given: for
 * bodies the facade never sends and answers it does not show (status codes, error bodies, the JSON itself).
 */
public final class MetalCalls {
    private static final String SALT = "abcdefghijklmnopqrstuvwx";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An answer; {@code body} is the parsed JSON, the text of a plain answer, or missing when empty. */
    public record Answer(int status, String contentType, JsonNode body) {
        public String message() {
            return body.path("message").asText();
        }

        /** metal-api's error body, as the simulator answers it. */
        public static Answer error(int status, String message) {
            return new Answer(
                    status,
                    "application/json",
                    JSON.createObjectNode().put("statuscode", status).put("message", message));
        }
    }

    private final String url;
    private final Map<AuthType, String> keys;
    private final AuthType signAs;

    private MetalCalls(String url, Map<AuthType, String> keys, AuthType signAs) {
        this.url = url;
        this.keys = Map.copyOf(keys);
        this.signAs = signAs;
    }

    /** Calls below {@code url} signed with one key per credential type; {@link #get} and friends sign as admin. */
    public static MetalCalls signed(String url, Map<AuthType, String> keys) {
        return new MetalCalls(url, keys, AuthType.ADMIN);
    }

    public static MetalCalls admin(String url, String key) {
        return signed(url, Map.of(AuthType.ADMIN, key));
    }

    public static MetalCalls unsigned(String url) {
        return new MetalCalls(url, Map.of(), null);
    }

    public Answer get(String path) {
        return send("GET", path, null, signAs);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, signAs);
    }

    /** POSTs a string as it is and anything else as JSON. */
    public Answer post(String path, Object body) {
        return send("POST", path, body instanceof String text ? text : json(body), signAs);
    }

    /**
     * One call. A non-null body goes with {@code Content-Type: application/json}; {@code as} null sends no
     * credentials.
     */
    public Answer send(String method, String path, String body, AuthType as) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (as != null) {
            String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            String mac = HmacSignature.compute(keys.get(as).getBytes(StandardCharsets.UTF_8), date, method, SALT);
            request.header("Authorization", as.header() + " " + mac)
                    .header("X-Date", date)
                    .header("X-Data-Salt", SALT);
        }
        HttpResponse<String> response = exchange(request.build());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new Answer(response.statusCode(), contentType, parsed(contentType, response.body()));
    }

    private static JsonNode parsed(String contentType, String text) {
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        if (!contentType.startsWith("application/json")) {
            return TextNode.valueOf(text);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer declared as JSON is not: " + text, e);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

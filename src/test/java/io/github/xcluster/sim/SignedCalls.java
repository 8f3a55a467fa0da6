package io.github.xcluster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.xcluster.metal.HmacSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Metal-Admin signed calls with bodies the facade never sends, to see the simulator's status codes
 * and error bodies as a metal-api client would.
 */
final class SignedCalls {
    private static final String SALT = "abcdefghijklmnopqrstuvwx";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final byte[] key;

    SignedCalls(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    /** POSTs the body as JSON. */
    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
    }

    private Answer send(String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body)
                .header("Content-Type", "application/json")
                .header("Authorization", "Metal-Admin " + HmacSignature.compute(key, date, method, SALT))
                .header("X-Date", date)
                .header("X-Data-Salt", SALT)
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = answer.body().isBlank() ? MissingNode.getInstance() : MAPPER.readTree(answer.body());
        return new Answer(answer.statusCode(), json);
    }
}

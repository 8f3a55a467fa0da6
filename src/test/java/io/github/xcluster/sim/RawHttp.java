package io.github.xcluster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Plain HTTP against a simulator started without credentials, for what the facade does not show: the JSON itself and
 * the {@code /_sim/} routes.
 */
final class RawHttp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    private RawHttp() {}

    /** {@code path} is below the simulator's root, e.g. {@code /metal/v1/machine/x} or {@code /_sim/machines}. */
    static Answer send(MetalSimulator simulator, String method, String path, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}

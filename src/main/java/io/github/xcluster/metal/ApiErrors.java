package io.github.xcluster.metal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.xcluster.metal.client.ApiException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/** Turns the generated client's failures into typed {@link MetalApiException}s with the server's message. */
final class ApiErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiErrors() {}

    static MetalApiException translate(String operation, ApiException e) {
        int status = e.getCode();
        if (status == 0) {
            return new MetalApiException.Unavailable(0, operation + ": " + transportProblem(e), e.getCause());
        }
        String message = operation + ": " + serverMessage(e.getResponseBody(), status);
        return switch (status) {
            case 404 -> new MetalApiException.NotFound(message);
            case 409 -> new MetalApiException.Conflict(message);
            case 401, 403 -> new MetalApiException.Unauthorized(status, message);
            case 400, 405, 413, 415, 422 -> new MetalApiException.Rejected(status, message);
            default ->
                status >= 500
                        ? new MetalApiException.Unavailable(status, message, null)
                        : new MetalApiException.Rejected(status, message);
        };
    }

    private static String transportProblem(ApiException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpTimeoutException) {
            return "metal-api did not answer in time";
        }
        if (cause instanceof IOException) {
            return "cannot reach metal-api (" + cause.getClass().getSimpleName() + ")";
        }
        return "metal-api call failed ("
                + (cause == null ? "no answer" : cause.getClass().getSimpleName()) + ")";
    }

    /** metal-api's {@code {"statuscode", "message"}}, or the plain-text body the router sends. */
    private static String serverMessage(String body, int status) {
        if (body == null || body.isBlank()) {
            return "HTTP " + status;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText() + " (HTTP " + status + ")";
            }
        } catch (IOException notJson) {
            // plain-text answers come from the router, not from metal-api's handlers
        }
        return body.strip() + " (HTTP " + status + ")";
    }
}

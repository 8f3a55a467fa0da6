package io.github.xcluster.metal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.xcluster.metal.client.ApiException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/** Turns the generated client's failures into typed {@link MetalApiException}s with the server's message. */
final class ApiErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Enough for any message metal-api writes itself; what is longer is a page of some proxy in between. */
    static final int MAX_MESSAGE_CHARS = 300;

    private ApiErrors() {}

    static MetalApiException translate(String operation, ApiException e) {
        int status = e.getCode();
        if (status == 0) {
            Optional<String> unreadable = unreadableAnswer(e);
            return unreadable.isPresent()
                    ? new MetalApiException.BadAnswer(0, operation + ": " + unreadable.get())
                    : new MetalApiException.Unavailable(0, operation + ": " + transportProblem(e), e.getCause());
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

    /** What was wrong with an answer that arrived but cannot be used, or empty when none arrived. */
    private static Optional<String> unreadableAnswer(ApiException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CheckedAnswers.Refused refused) {
                return Optional.of(refused.getMessage());
            }
            if (cause instanceof JsonProcessingException json) {
                JsonLocation where = json.getLocation();
                return Optional.of("metal-api's answer is not the JSON its API describes ("
                        + json.getClass().getSimpleName()
                        + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                        + ")");
            }
        }
        return Optional.empty();
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

    /**
     * metal-api's {@code {"statuscode", "message"}}, or the plain-text body the router sends, on one line and cut
     * short: it ends up in conditions, events and log lines.
     */
    private static String serverMessage(String body, int status) {
        if (body == null || body.isBlank()) {
            return "HTTP " + status;
        }
        String message = body;
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException notJson) {
            // plain-text answers come from the router, not from metal-api's handlers
        }
        return oneShortLine(message) + " (HTTP " + status + ")";
    }

    private static String oneShortLine(String text) {
        String line = text.strip().replaceAll("\\p{Cntrl}+", " ");
        return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "… (cut short)";
    }
}

package io.github.xcluster.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw calls to a metal-api, signed like metal-go signs them, each answer checked against the
 * upstream spec. Known faults of the spec are named by the caller and skipped only where they
 * apply; every other schema error is kept for the test to report.
 *
 * <p>One fault is handled for every answer: the server writes Go nil pointers as JSON {@code null}
 * ({@code parentnetworkid}, {@code defaultchildprefixlength}, a free machine's {@code allocation};
 * FACTS.md §3.8, §3.11) and swagger 2.0 cannot say "nullable". A null property is therefore
 * checked as an absent one, which is how generated clients read it: a null optional field passes, a
 * null required field is still reported as missing.
 */
final class UpstreamWalk {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALT = "abcdefghijklmnopqrstuvwx";

    private final String baseUrl;
    private final Map<AuthType, String> keys;
    private final OpenApiInteractionValidator validator = UpstreamSpec.answerValidator();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> violations = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    /** @param baseUrl such as {@code http://127.0.0.1:8080/metal} */
    UpstreamWalk(String baseUrl, Map<AuthType, String> keys) {
        this.baseUrl = baseUrl;
        this.keys = Map.copyOf(keys);
    }

    /** One answer: its status, content type and parsed JSON body (or the text of a plain answer). */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** A place where the upstream spec is known to describe the server wrongly (FACTS.md §5). */
    record SpecFault(String why) {}

    Answer get(String path, AuthType as) {
        return call("GET", path, null, as, Optional.empty());
    }

    Answer post(String path, String body, AuthType as) {
        return call("POST", path, body, as, Optional.empty());
    }

    Answer delete(String path, AuthType as) {
        return call("DELETE", path, null, as, Optional.empty());
    }

    /** A call whose answer the spec is known to get wrong; the fault is recorded, not reported. */
    Answer call(String method, String path, String body, AuthType as, Optional<SpecFault> knownFault) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
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
        HttpResponse<String> response = send(request.build());
        Answer answer = new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        String summary = method + " " + path + " -> " + answer.status();
        exchanges.add(
                summary + knownFault.map(f -> " (spec fault: " + f.why() + ")").orElse(""));
        if (knownFault.isEmpty()) {
            ValidationReport report = validator.validate(recorded(method, path, body), answered(answer));
            if (report.hasErrors()) {
                violations.add(summary + ": " + report.getMessages());
            }
        }
        return answer;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    List<String> exchanges() {
        return List.copyOf(exchanges);
    }

    private Request recorded(String method, String path, String body) {
        URI uri = URI.create(baseUrl + path);
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                request.withQueryParam(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        if (body != null) {
            request.withContentType("application/json").withBody(body);
        }
        return request.build();
    }

    private static SimpleResponse answered(Answer answer) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
        if (!answer.contentType().startsWith("application/json")) {
            return response.withContentType(answer.contentType())
                    .withBody(answer.body())
                    .build();
        }
        JsonNode body = answer.json();
        withoutNullProperties(body);
        return response.withContentType(answer.contentType())
                .withBody(body.toString())
                .build();
    }

    private static void withoutNullProperties(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(property -> property.getValue().isNull());
        }
        node.forEach(UpstreamWalk::withoutNullProperties);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

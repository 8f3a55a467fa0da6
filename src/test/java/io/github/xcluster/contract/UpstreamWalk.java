package io.github.xcluster.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.testing.MetalCalls;
import io.github.xcluster.testing.MetalCalls.Answer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw calls to a metal-api, each answer checked against the upstream spec. Known faults of the spec are named by the
 * caller and skipped only where they apply; every other schema error is kept for the test to report.
 *
 * <p>One fault is handled for every answer: the server writes Go nil pointers as JSON {@code null} ({@code
 * parentnetworkid}, {@code defaultchildprefixlength}, a free machine's {@code allocation}; FACTS.md §3.8, §3.11) and
 * swagger 2.0 cannot say "nullable". A null property is therefore checked as an absent one, which is how generated
 * clients read it: a null optional field passes, a null required field is still reported as missing.
 */
final class UpstreamWalk {
    private final String baseUrl;
    private final MetalCalls calls;
    private final OpenApiInteractionValidator validator = UpstreamSpec.answerValidator();
    private final List<String> violations = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    /** A place where the upstream spec is known to describe the server wrongly (FACTS.md §5). */
    record SpecFault(String why) {}

    /** @param baseUrl such as {@code http://127.0.0.1:8080/metal} */
    UpstreamWalk(String baseUrl, Map<AuthType, String> keys) {
        this.baseUrl = baseUrl;
        this.calls = MetalCalls.signed(baseUrl, keys);
    }

    Answer get(String path, AuthType as) {
        return call("GET", path, null, as, Optional.empty());
    }

    Answer post(String path, String body, AuthType as) {
        return call("POST", path, body, as, Optional.empty());
    }

    Answer delete(String path, AuthType as) {
        return call("DELETE", path, null, as, Optional.empty());
    }

    /** A call whose answer the spec may get wrong; a known fault is recorded, not reported. */
    Answer call(String method, String path, String body, AuthType as, Optional<SpecFault> knownFault) {
        Answer answer = calls.send(method, path, body, as);
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
        SimpleResponse.Builder response =
                SimpleResponse.Builder.status(answer.status()).withContentType(answer.contentType());
        if (!answer.contentType().startsWith("application/json")) {
            return response.withBody(answer.body().asText()).build();
        }
        JsonNode body = answer.body().deepCopy();
        withoutNullProperties(body);
        return response.withBody(body.toString()).build();
    }

    private static void withoutNullProperties(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(property -> property.getValue().isNull());
        }
        node.forEach(UpstreamWalk::withoutNullProperties);
    }
}

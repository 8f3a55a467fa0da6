package io.github.xcluster.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterTemplate;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.rules.Quoted;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads AdmissionReview v1 bodies strictly (JSON only, the right kind, a request with uid and
 * operation, an object of the endpoint's kind) and writes the answers.
 */
final class AdmissionReviewCodec {
    static final String API_VERSION = "admission.k8s.io/v1";
    private static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final ObjectMapper mapper = new ObjectMapper();
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    AdmissionReviewCodec() {
        serialization.registerKubernetesResource(XCluster.class);
        serialization.registerKubernetesResource(XFirewall.class);
        serialization.registerKubernetesResource(MetalStackCluster.class);
        serialization.registerKubernetesResource(MetalStackClusterTemplate.class);
        serialization.registerKubernetesResource(MetalStackMachine.class);
        serialization.registerKubernetesResource(MetalStackMachineTemplate.class);
        serialization.registerKubernetesResource(MetalStackFirewallTemplate.class);
    }

    AdmissionReview read(String body, Class<? extends HasMetadata> kind) throws MalformedAdmissionReview {
        JsonNode tree = tree(body);
        if (!"AdmissionReview".equals(tree.path("kind").asText())
                || !API_VERSION.equals(tree.path("apiVersion").asText())) {
            throw new MalformedAdmissionReview("expected an AdmissionReview of " + API_VERSION + ", got kind "
                    + Quoted.of(tree.path("kind").asText()) + " of apiVersion "
                    + Quoted.of(tree.path("apiVersion").asText()));
        }
        JsonNode request = tree.path("request");
        if (!request.isObject()) {
            throw new MalformedAdmissionReview("the AdmissionReview has no request");
        }
        JsonNode uid = request.path("uid");
        if (!uid.isTextual() || uid.asText().isEmpty()) {
            throw new MalformedAdmissionReview("request.uid is missing or not a string");
        }
        if (!survivesUtf8(uid.asText())) {
            throw new MalformedAdmissionReview(
                    "request.uid is not valid unicode, so the answer could not carry it back");
        }
        String operation = request.path("operation").asText();
        if (!OPERATIONS.contains(operation)) {
            throw new MalformedAdmissionReview(
                    "request.operation " + Quoted.of(operation) + " is not one of " + OPERATIONS);
        }
        AdmissionReview review;
        try {
            review = serialization.convertValue(tree, AdmissionReview.class);
        } catch (IllegalArgumentException unreadable) {
            throw unreadable(unreadable);
        }
        requireObjects(review.getRequest(), kind);
        return review;
    }

    String write(AdmissionReview review) {
        review.setApiVersion(API_VERSION);
        review.setKind("AdmissionReview");
        return serialization.asJson(review);
    }

    private JsonNode tree(String body) throws MalformedAdmissionReview {
        if (body == null || body.isBlank()) {
            throw new MalformedAdmissionReview("the body is empty");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new MalformedAdmissionReview("the body is not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException notJson) {
            throw new MalformedAdmissionReview("the body is not JSON: " + notJson.getOriginalMessage());
        }
    }

    private static boolean survivesUtf8(String text) {
        return text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    /** The field and Jackson's own words, without the location noise and the echo of the whole value. */
    private static MalformedAdmissionReview unreadable(IllegalArgumentException failure) {
        if (!(failure.getCause() instanceof JsonMappingException mapping)
                || mapping.getPath().isEmpty()) {
            return new MalformedAdmissionReview("the AdmissionReview cannot be read: " + failure.getMessage());
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() == null) {
                field.append('[').append(step.getIndex()).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(step.getFieldName());
            }
        }
        return new MalformedAdmissionReview(field + " cannot be read: " + mapping.getOriginalMessage());
    }

    /** The objects the operation carries: UPDATE both, CREATE the new and DELETE the old one, CONNECT maybe one. */
    private static void requireObjects(AdmissionRequest request, Class<? extends HasMetadata> kind)
            throws MalformedAdmissionReview {
        String operation = request.getOperation();
        if (request.getObject() == null && ("CREATE".equals(operation) || "UPDATE".equals(operation))) {
            throw new MalformedAdmissionReview("request.object is missing");
        }
        if (request.getOldObject() == null && ("UPDATE".equals(operation) || "DELETE".equals(operation))) {
            throw new MalformedAdmissionReview("request.oldObject is missing");
        }
        requireKind(request.getObject(), "request.object", kind);
        requireKind(request.getOldObject(), "request.oldObject", kind);
    }

    private static void requireKind(Object object, String field, Class<? extends HasMetadata> kind)
            throws MalformedAdmissionReview {
        if (object != null && !kind.isInstance(object)) {
            throw new MalformedAdmissionReview(
                    field + " is not a " + kind.getSimpleName() + " but " + describe(object));
        }
    }

    private static String describe(Object object) {
        if (object instanceof HasMetadata resource) {
            return "a " + resource.getKind() + " of " + resource.getApiVersion();
        }
        return "a " + object.getClass().getSimpleName();
    }
}

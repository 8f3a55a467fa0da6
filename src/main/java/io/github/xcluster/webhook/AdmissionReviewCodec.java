package io.github.xcluster.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import java.util.Set;

/**
 * Reads AdmissionReview v1 bodies strictly (JSON only, the right kind, a request with uid and
 * operation, an object of the endpoint's kind) and writes the answers.
 */
final class AdmissionReviewCodec {
  static final String API_VERSION = "admission.k8s.io/v1";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  private final ObjectMapper mapper = new ObjectMapper();
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  AdmissionReviewCodec() {
    serialization.registerKubernetesResource(XCluster.class);
    serialization.registerKubernetesResource(XFirewall.class);
  }

  AdmissionReview read(String body, Class<? extends HasMetadata> kind) throws MalformedAdmissionReview {
    JsonNode tree = tree(body);
    if (!"AdmissionReview".equals(tree.path("kind").asText()) || !API_VERSION.equals(tree.path("apiVersion").asText())) {
      throw new MalformedAdmissionReview(
          "expected an AdmissionReview of " + API_VERSION + ", got kind " + Quoted.of(tree.path("kind").asText())
              + " of apiVersion " + Quoted.of(tree.path("apiVersion").asText()));
    }
    JsonNode request = tree.path("request");
    if (!request.isObject()) {
      throw new MalformedAdmissionReview("the AdmissionReview has no request");
    }
    if (request.path("uid").asText().isEmpty()) {
      throw new MalformedAdmissionReview("request.uid is missing");
    }
    String operation = request.path("operation").asText();
    if (!OPERATIONS.contains(operation)) {
      throw new MalformedAdmissionReview("request.operation " + Quoted.of(operation) + " is not one of " + OPERATIONS);
    }
    AdmissionReview review;
    try {
      review = serialization.convertValue(tree, AdmissionReview.class);
    } catch (IllegalArgumentException unreadable) {
      throw new MalformedAdmissionReview("the AdmissionReview cannot be read: " + unreadable.getMessage());
    }
    requireKind(review.getRequest(), kind);
    return review;
  }

  String write(AdmissionReview review) {
    review.setApiVersion(API_VERSION);
    review.setKind("AdmissionReview");
    return serialization.asJson(review);
  }

  private JsonNode tree(String body) throws MalformedAdmissionReview {
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

  private static void requireKind(AdmissionRequest request, Class<? extends HasMetadata> kind) throws MalformedAdmissionReview {
    boolean deleting = "DELETE".equals(request.getOperation());
    Object object = deleting ? request.getOldObject() : request.getObject();
    String field = deleting ? "request.oldObject" : "request.object";
    if (object == null && !"CONNECT".equals(request.getOperation())) {
      throw new MalformedAdmissionReview(field + " is missing");
    }
    if (object != null && !kind.isInstance(object)) {
      throw new MalformedAdmissionReview(field + " is not a " + kind.getSimpleName() + " but " + describe(object));
    }
    if (request.getOldObject() != null && !kind.isInstance(request.getOldObject())) {
      throw new MalformedAdmissionReview("request.oldObject is not a " + kind.getSimpleName() + " but " + describe(request.getOldObject()));
    }
  }

  private static String describe(Object object) {
    if (object instanceof HasMetadata resource) {
      return "a " + resource.getKind() + " of " + resource.getApiVersion();
    }
    return "a " + object.getClass().getSimpleName();
  }
}

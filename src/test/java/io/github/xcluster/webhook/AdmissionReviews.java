package io.github.xcluster.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** AdmissionReview bodies as the apiserver sends them. */
final class AdmissionReviews {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REVIEW_UID = "705ab4f5-6393-11e8-b7cc-42010a800002";

    /** A cluster spec every rule admits against the simulator's mini-lab world. */
    static final String CLUSTER_SPEC =
            "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec':"
                    + " {'image': 'firewall-ubuntu-2.0.20201126', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab'}}}";

    private AdmissionReviews() {}

    static ObjectNode clusterJson(String specJson) {
        return object("XCluster", specJson);
    }

    static ObjectNode firewallJson(String specJson) {
        return object("XFirewall", specJson);
    }

    private static ObjectNode object(String kind, String specJson) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", "cluster.www.x-cellent.com/v1").put("kind", kind);
        object.putObject("metadata").put("name", "demo").put("namespace", "default");
        object.set("spec", read(specJson));
        return object;
    }

    static String review(String operation, JsonNode object, JsonNode oldObject) {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", REVIEW_UID).put("operation", operation);
        request.put("name", "demo").put("namespace", "default");
        request.set("object", object);
        if (oldObject != null) {
            request.set("oldObject", oldObject);
        }
        return review.toString();
    }

    /** The answer to a CREATE of {@code object} on the validating path the webhook server wires for its kind. */
    static <T extends HasMetadata> AdmissionResponse validatingAnswer(
            Class<T> kind, ResourceValidator<T> validator, JsonNode object) throws Exception {
        AdmissionControl control = new AdmissionControl(
                Runnable::run, Duration.ofSeconds(5), false, new AdmissionOutcomes(new SimpleMeterRegistry()));
        AdmissionReview review = new AdmissionReviewCodec().read(review("CREATE", object, null), kind);
        return control.validating(kind, validator)
                .answer(review)
                .toCompletableFuture()
                .get()
                .getResponse();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

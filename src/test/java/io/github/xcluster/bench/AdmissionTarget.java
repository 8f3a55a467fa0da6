package io.github.xcluster.bench;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.testing.Samples;
import io.github.xcluster.webhook.WebhookPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One webhook under load: its path, the AdmissionReview the API server would send it for creating
 * the walkthrough's sample XCluster, and what a correct answer to that review looks like.
 */
record AdmissionTarget(String name, String path, Buffer review, boolean answersWithPatch) {
    static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";

    static AdmissionTarget validatingXCluster() {
        return new AdmissionTarget("validating XCluster", WebhookPaths.VALIDATE_XCLUSTER, createSampleReview(), false);
    }

    /** The sample has no managed-by label, so the defaulter answers with a patch adding it. */
    static AdmissionTarget defaultingXCluster() {
        return new AdmissionTarget("defaulting XCluster", WebhookPaths.MUTATE_XCLUSTER, createSampleReview(), true);
    }

    private static Buffer createSampleReview() {
        XCluster sample = Samples.xcluster("default", "x-cellent");
        GroupVersionKind kind = new GroupVersionKind(XCluster.GROUP, "XCluster", XCluster.VERSION);
        GroupVersionResource resource = new GroupVersionResource(XCluster.GROUP, "xclusters", XCluster.VERSION);
        AdmissionReview review = new AdmissionReviewBuilder()
                .withApiVersion("admission.k8s.io/v1")
                .withKind("AdmissionReview")
                .withNewRequest()
                .withUid(UID)
                .withKind(kind)
                .withRequestKind(kind)
                .withResource(resource)
                .withRequestResource(resource)
                .withName(sample.getMetadata().getName())
                .withNamespace(sample.getMetadata().getNamespace())
                .withOperation("CREATE")
                .withUserInfo(new UserInfoBuilder()
                        .withUsername("kubernetes-admin")
                        .withGroups("system:masters", "system:authenticated")
                        .build())
                .withObject(sample)
                .withDryRun(false)
                .endRequest()
                .build();
        return Buffer.buffer(Serialization.asJson(review));
    }

    /**
     * @throws WrongAnswer unless the answer is HTTP 200 with an AdmissionReview allowing this
     *     review's uid (and carrying a JSON patch, for the defaulter)
     */
    void check(int status, Buffer body) {
        if (status != 200) {
            throw new WrongAnswer(name + " answered HTTP " + status + ": " + body);
        }
        JsonObject response = new JsonObject(body).getJsonObject("response");
        if (response == null
                || !UID.equals(response.getString("uid"))
                || !Boolean.TRUE.equals(response.getBoolean("allowed"))) {
            throw new WrongAnswer(name + " did not allow the sample: " + body);
        }
        if (answersWithPatch && !"JSONPatch".equals(response.getString("patchType"))) {
            throw new WrongAnswer(name + " answered without a JSON patch: " + body);
        }
    }

    static final class WrongAnswer extends RuntimeException {
        WrongAnswer(String message) {
            super(message);
        }
    }
}

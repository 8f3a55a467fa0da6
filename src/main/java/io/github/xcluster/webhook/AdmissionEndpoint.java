package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook path: reads the AdmissionReview on the event loop, hands it to its {@link AdmissionControl}
 * review (which runs off the event loop) and writes the answer back; malformed bodies get a 400.
 */
final class AdmissionEndpoint implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionEndpoint.class);

    private final String path;
    private final Class<? extends HasMetadata> kind;
    private final AdmissionControl.Review control;
    private final AdmissionReviewCodec codec;

    AdmissionEndpoint(
            String path,
            Class<? extends HasMetadata> kind,
            AdmissionControl.Review control,
            AdmissionReviewCodec codec) {
        this.path = path;
        this.kind = kind;
        this.control = control;
        this.codec = codec;
    }

    String path() {
        return path;
    }

    @Override
    public void handle(RoutingContext ctx) {
        AdmissionReview review;
        try {
            review = codec.read(ctx.body().asString(), kind);
        } catch (MalformedAdmissionReview malformed) {
            LOG.warn(
                    "malformed admission review path={} remote={} reason={}",
                    path,
                    ctx.request().remoteAddress(),
                    malformed.getMessage());
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", "text/plain")
                    .end(malformed.getMessage());
            return;
        }
        AdmissionRequest request = review.getRequest();
        Future.fromCompletionStage(control.answer(review), ctx.vertx().getOrCreateContext())
                .onSuccess(answer -> {
                    log(request, answer.getResponse());
                    ctx.response().putHeader("Content-Type", "application/json").end(codec.write(answer));
                })
                .onFailure(failure -> {
                    LOG.error(
                            "admission failed path={} operation={} object={}/{} uid={}",
                            path,
                            request.getOperation(),
                            request.getNamespace(),
                            request.getName(),
                            request.getUid(),
                            failure);
                    ctx.fail(500, failure);
                });
    }

    private void log(AdmissionRequest request, AdmissionResponse response) {
        if (Boolean.TRUE.equals(response.getAllowed())) {
            LOG.info(
                    "admitted path={} operation={} object={}/{} warnings={}",
                    path,
                    request.getOperation(),
                    request.getNamespace(),
                    request.getName(),
                    response.getWarnings());
        } else {
            LOG.info(
                    "denied path={} operation={} object={}/{} reason={}",
                    path,
                    request.getOperation(),
                    request.getNamespace(),
                    request.getName(),
                    response.getStatus().getMessage());
        }
    }
}

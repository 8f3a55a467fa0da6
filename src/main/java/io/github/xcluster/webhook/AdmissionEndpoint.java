package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook path: decodes the AdmissionReview, has its {@link AdmissionControl} review answer it and encodes the
 * answer, all on the worker pool: a 3 MiB review takes milliseconds of Jackson, which on the event loop would hold up
 * every other connection, the probes' among them. Malformed bodies get a 400.
 */
final class AdmissionEndpoint implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionEndpoint.class);

    private final String path;
    private final Class<? extends HasMetadata> kind;
    private final AdmissionControl.Review control;
    private final AdmissionReviewCodec codec;
    private final Executor workers;

    AdmissionEndpoint(
            String path,
            Class<? extends HasMetadata> kind,
            AdmissionControl.Review control,
            AdmissionReviewCodec codec,
            Executor workers) {
        this.path = path;
        this.kind = kind;
        this.control = control;
        this.codec = codec;
        this.workers = workers;
    }

    String path() {
        return path;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        CompletableFuture<Answered> answered = CompletableFuture.supplyAsync(
                        () -> decode(body == null ? "" : body.toString(StandardCharsets.UTF_8)), workers)
                .thenCompose(review -> control.answer(review)
                        .thenApplyAsync(
                                answer -> new Answered(review.getRequest(), answer.getResponse(), codec.write(answer)),
                                workers));
        Future.fromCompletionStage(answered, ctx.vertx().getOrCreateContext())
                .onSuccess(answer -> {
                    log(answer.request(), answer.response());
                    ctx.response().putHeader("Content-Type", "application/json").end(answer.json());
                })
                .onFailure(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof MalformedAdmissionReview malformed) {
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
                    LOG.error(
                            "admission failed path={} remote={}",
                            path,
                            ctx.request().remoteAddress(),
                            cause);
                    ctx.fail(500, cause);
                });
    }

    private AdmissionReview decode(String body) {
        try {
            return codec.read(body, kind);
        } catch (MalformedAdmissionReview malformed) {
            throw new CompletionException(malformed);
        }
    }

    private record Answered(AdmissionRequest request, AdmissionResponse response, String json) {}

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

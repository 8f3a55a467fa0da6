package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.AdmissionUtils;
import io.javaoperatorsdk.webhook.admission.Operation;
import io.javaoperatorsdk.webhook.clone.ObjectMapperCloner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admission review: the kind's validator or defaulter on the worker pool (never on the event loop),
 * within the admission's deadline. When metal-api cannot be asked (no connection, 5xx, no answer in time) the
 * outage policy answers: deny by default, admit with a warning when failing open. The outcome goes back in the
 * shape the apiserver reads: allowed, warnings, a status with one cause per denied field, or a JSON patch.
 */
final class AdmissionControl {
    /** One webhook path's work: a review in, the answer out. */
    interface Review {
        CompletionStage<AdmissionReview> answer(AdmissionReview review);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);
    private static final String INTERNAL_ERROR = "InternalError";

    private final Executor workers;
    private final Duration deadline;
    private final boolean failOpen;
    private final AdmissionOutcomes outcomes;

    AdmissionControl(Executor workers, Duration deadline, boolean failOpen, AdmissionOutcomes outcomes) {
        this.workers = workers;
        this.deadline = deadline;
        this.failOpen = failOpen;
        this.outcomes = outcomes;
    }

    <T extends HasMetadata> Review validating(Class<T> kind, ResourceValidator<T> validator) {
        return review -> {
            long started = System.nanoTime();
            AdmissionRequest request = review.getRequest();
            Operation operation = Operation.valueOf(request.getOperation());
            T object = request.getObject() == null ? null : kind.cast(request.getObject());
            T old = request.getOldObject() == null ? null : kind.cast(request.getOldObject());
            Optional<String> invalidPolicy = object == null ? Optional.empty() : DeletionPolicy.invalidValue(object);
            if (invalidPolicy.isPresent()) {
                Verdict refused = new Verdict(
                        List.of(new Denial(
                                "metadata.annotations[" + DeletionPolicy.ANNOTATION + "]", invalidPolicy.get())),
                        List.of());
                outcomes.answered(kind, AdmissionOutcomes.VALIDATING, false, false, started);
                return CompletableFuture.completedFuture(answer(request, responseOf(refused)));
            }
            return bounded(() -> validator.validate(object, old, operation))
                    .handle((verdict, failure) -> {
                        if (failure == null) {
                            outcomes.answered(kind, AdmissionOutcomes.VALIDATING, verdict.allowed(), false, started);
                            return responseOf(verdict);
                        }
                        Unchecked unchecked = unchecked(failure);
                        outcomes.answered(kind, AdmissionOutcomes.VALIDATING, unchecked.admitted(), true, started);
                        return unchecked.admitted() ? responseOf(unchecked.verdict()) : unchecked.denial();
                    })
                    .thenApply(response -> answer(request, response));
        };
    }

    /** The defaulter works on its own copy of the object, so a late finish after the deadline changes nothing. */
    <T extends HasMetadata> Review defaulting(Class<T> kind, Defaulter<T> defaulter) {
        ObjectMapperCloner<T> cloner = new ObjectMapperCloner<>();
        return review -> {
            long started = System.nanoTime();
            AdmissionRequest request = review.getRequest();
            Operation operation = Operation.valueOf(request.getOperation());
            T original = kind.cast(AdmissionUtils.getTargetResource(request, operation));
            T working = cloner.clone(original);
            T old = request.getOldObject() == null ? null : kind.cast(request.getOldObject());
            return bounded(() -> defaulter.mutate(working, old, operation))
                    .handle((mutated, failure) -> {
                        if (failure == null) {
                            outcomes.answered(kind, AdmissionOutcomes.DEFAULTING, true, false, started);
                            return AdmissionUtils.admissionResponseFromMutation(original, mutated);
                        }
                        Unchecked unchecked = unchecked(failure);
                        outcomes.answered(kind, AdmissionOutcomes.DEFAULTING, unchecked.admitted(), true, started);
                        return unchecked.admitted()
                                ? AdmissionUtils.admissionResponseFromMutation(original, original)
                                : unchecked.denial();
                    })
                    .thenApply(response -> answer(request, response));
        };
    }

    private <R> CompletableFuture<R> bounded(Supplier<R> work) {
        return CompletableFuture.supplyAsync(work, workers).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * An admission whose metal-api checks could not run: admitted with a warning (an outage while failing open) or
     * denied. An outage's denial carries the cause {@link MetalApiException.Unavailable#ADMISSION_CAUSE}, so that the
     * API server's callers (our own controllers among them) can tell it from a verdict on the object. Its code is 403
     * like any denial, not 503: fabric8 retries a 5xx for seconds inside the call, which held a reconciler thread and
     * the object's status back for the whole retry.
     */
    private record Unchecked(Verdict verdict, boolean outage) {
        boolean admitted() {
            return verdict.allowed();
        }

        AdmissionResponse denial() {
            return responseOf(verdict, outage ? MetalApiException.Unavailable.ADMISSION_CAUSE : INTERNAL_ERROR);
        }
    }

    /** A failure that is not metal-api's propagates (the server answers 500). */
    private Unchecked unchecked(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String problem;
        boolean outage = true;
        if (cause instanceof TimeoutException) {
            problem = "metal-api unreachable: no answer within " + readable(deadline);
        } else if (cause instanceof MetalApiException.Unavailable unavailable) {
            problem = "metal-api unreachable: " + unavailable.getMessage();
        } else if (cause instanceof MetalApiException other) {
            outage = false;
            problem = notAnOutage(other);
        } else {
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        }
        if (failOpen && outage) {
            LOG.warn("admitting without metal-api checks (fail-open) reason={}", problem);
            return new Unchecked(
                    new Verdict(
                            List.of(),
                            List.of(problem + "; admitted without metal-api checks (the webhook fails open)")),
                    true);
        }
        LOG.warn(
                "denying: metal-api checks impossible ({}) reason={}",
                outage ? "fail-closed" : "not an outage, so never admitted unchecked",
                problem);
        return new Unchecked(new Verdict(List.of(new Denial(null, problem)), List.of()), outage);
    }

    /** A failure that fail-open must not admit: metal-api is there and said no, or nothing was asked. */
    private static String notAnOutage(MetalApiException failure) {
        if (failure instanceof MetalApiException.NotConfigured) {
            return "metal-api not configured: " + failure.getMessage();
        }
        if (failure instanceof MetalApiException.Unauthorized) {
            return "metal-api unauthorized: " + failure.getMessage();
        }
        if (failure instanceof MetalApiException.BadAnswer) {
            return "metal-api answered something unreadable: " + failure.getMessage();
        }
        return "metal-api lookup failed: " + failure.getMessage();
    }

    private static AdmissionResponse responseOf(Verdict verdict) {
        return responseOf(verdict, INTERNAL_ERROR);
    }

    /** @param fieldlessReason the cause reason of a denial that names no field */
    private static AdmissionResponse responseOf(Verdict verdict, String fieldlessReason) {
        AdmissionResponse response = new AdmissionResponse();
        response.setAllowed(verdict.allowed());
        if (!verdict.warnings().isEmpty()) {
            response.setWarnings(verdict.warnings());
        }
        if (!verdict.allowed()) {
            List<StatusCause> causes = verdict.denials().stream()
                    .map(denial -> new StatusCauseBuilder()
                            .withField(denial.field())
                            .withMessage(denial.message())
                            .withReason(denial.field() == null ? fieldlessReason : "FieldValueInvalid")
                            .build())
                    .toList();
            response.setStatus(new StatusBuilder()
                    .withCode(403)
                    .withReason("Forbidden")
                    .withMessage(verdict.message())
                    .withNewDetails()
                    .withCauses(causes)
                    .endDetails()
                    .build());
        }
        return response;
    }

    private static AdmissionReview answer(AdmissionRequest request, AdmissionResponse response) {
        response.setUid(request.getUid());
        AdmissionReview answer = new AdmissionReview();
        answer.setResponse(response);
        return answer;
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}

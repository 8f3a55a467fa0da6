package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.javaoperatorsdk.webhook.admission.AsyncAdmissionRequestHandler;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.concurrent.CompletionStage;

/**
 * The validating side of one kind. It builds the {@link AdmissionResponse} itself instead of using
 * the framework's {@code Validator}, because a framework validator can only allow or throw {@code
 * NotAllowedException}: it cannot admit with warnings (deprecated image, no free machine, fail-open)
 * nor report several denials with their field paths as status causes.
 */
final class ValidatingAdmission<T extends HasMetadata> implements AsyncAdmissionRequestHandler {
    private final Class<T> kind;
    private final ResourceValidator<T> validator;
    private final AdmissionRunner runner;

    ValidatingAdmission(Class<T> kind, ResourceValidator<T> validator, AdmissionRunner runner) {
        this.kind = kind;
        this.validator = validator;
        this.runner = runner;
    }

    @Override
    public CompletionStage<AdmissionResponse> handle(AdmissionRequest request) {
        Operation operation = Operation.valueOf(request.getOperation());
        T object = request.getObject() == null ? null : kind.cast(request.getObject());
        T old = request.getOldObject() == null ? null : kind.cast(request.getOldObject());
        return runner.validate(() -> validator.validate(object, old, operation)).thenApply(AdmissionResponses::of);
    }
}

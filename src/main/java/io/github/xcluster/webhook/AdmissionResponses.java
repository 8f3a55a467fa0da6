package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.util.List;

/** A {@link Verdict} in the shape the apiserver reads: allowed, warnings, status with causes. */
final class AdmissionResponses {
    private AdmissionResponses() {}

    static AdmissionResponse of(Verdict verdict) {
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
                            .withReason(denial.field() == null ? "InternalError" : "FieldValueInvalid")
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
}

package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.webhook.admission.Operation;
import io.javaoperatorsdk.webhook.admission.mutation.AsyncMutator;
import io.javaoperatorsdk.webhook.admission.mutation.Mutator;
import io.javaoperatorsdk.webhook.clone.Cloner;
import java.util.concurrent.CompletionStage;

/**
 * A defaulter run the way admissions must run: on the worker pool, within the deadline, with
 * metal-api outages answered by the outage policy. The framework turns the result into the patch.
 */
final class BoundedMutator<T extends HasMetadata> implements AsyncMutator<T> {
    private final Mutator<T> defaulter;
    private final Cloner<T> cloner;
    private final AdmissionRunner runner;

    BoundedMutator(Mutator<T> defaulter, Cloner<T> cloner, AdmissionRunner runner) {
        this.defaulter = defaulter;
        this.cloner = cloner;
        this.runner = runner;
    }

    @Override
    public CompletionStage<T> mutate(T resource, Operation operation) {
        T working = cloner.clone(resource);
        return runner.mutate(() -> defaulter.mutate(working, operation), resource);
    }
}

package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;

/** The validation rules of one kind; {@code old} is null except on UPDATE. */
interface ResourceValidator<T extends HasMetadata> {
    Verdict validate(T object, T old, Operation operation);
}

package io.github.xcluster.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.webhook.admission.Operation;

/** Whether an UPDATE leaves the spec as it was (metadata and status changes only). */
final class SpecComparison {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecComparison() {}

    static boolean sameSpec(CustomResource<?, ?> old, CustomResource<?, ?> current) {
        return MAPPER.valueToTree(old.getSpec()).equals(MAPPER.valueToTree(current.getSpec()));
    }

    /** A CREATE, or an UPDATE that changes the spec: what the validators check; DELETE and CONNECT pass. */
    static boolean writesSpec(CustomResource<?, ?> current, CustomResource<?, ?> old, Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE && !sameSpec(old, current);
    }
}

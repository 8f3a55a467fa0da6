package io.github.xcluster.reconcile;

import io.github.xcluster.metal.MetalApiException;
import java.util.Optional;

/**
 * What a failure says in a condition or event: the server's message, never a stack trace or a
 * wrapper's class name (JOSDK hands over some failures wrapped in its OperatorException).
 */
final class StatusMessages {
    private StatusMessages() {}

    static String of(Exception e) {
        Optional<MetalApiException> metal = metalApiCause(e);
        if (metal.isPresent()) {
            return metal.get().getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static String reason(Exception e) {
        return metalApiCause(e).isPresent() ? "MetalApiError" : "ReconcileError";
    }

    private static Optional<MetalApiException> metalApiCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MetalApiException metal) {
                return Optional.of(metal);
            }
        }
        return Optional.empty();
    }
}

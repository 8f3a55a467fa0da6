package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.xcluster.metal.MetalApiException;
import java.io.InterruptedIOException;
import java.util.Optional;

/**
 * What a failure says in a condition or event: the server's message, never a stack trace or a
 * wrapper's class name (JOSDK hands over some failures wrapped in its OperatorException).
 */
final class StatusMessages {
    private StatusMessages() {}

    static String of(Exception e) {
        return metalApiCause(e)
                .map(StatusMessages::of)
                .orElseGet(() -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /**
     * The operator is stopping and interrupted the reconciliation: that says nothing about metal-api or the object, so
     * it must not reach status or events.
     */
    static boolean isShutdown(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** The condition reason of an allocation metal-api refused: a full partition, or anything else it refused. */
    static String refusalReason(MetalApiException.Rejected refused) {
        return refused.noMachineAvailable() ? "NoMachineAvailable" : "AllocationRejected";
    }

    static String reason(Exception e) {
        return metalApiCause(e)
                .map(StatusMessages::reason)
                .orElse(deniedForAnOutage(e) ? "MetalApiError" : "ReconcileError");
    }

    /** Our webhook denied a write of the operator's own (an XFirewall) because metal-api could not be asked. */
    private static boolean deniedForAnOutage(Throwable e) {
        return cause(e, KubernetesClientException.class)
                .filter(denied -> denied.getStatus() != null
                        && denied.getStatus().getDetails() != null
                        && denied.getStatus().getDetails().getCauses().stream()
                                .anyMatch(c -> MetalApiException.Unavailable.ADMISSION_CAUSE.equals(c.getReason())))
                .isPresent();
    }

    private static String of(MetalApiException e) {
        if (e instanceof MetalApiException.NotConfigured) {
            return "metal-api not configured: " + e.getMessage();
        }
        if (e instanceof MetalApiException.Unauthorized) {
            return "metal-api unauthorized: " + e.getMessage();
        }
        return e.getMessage();
    }

    private static String reason(MetalApiException e) {
        if (e instanceof MetalApiException.NotConfigured) {
            return "MetalApiNotConfigured";
        }
        return e instanceof MetalApiException.Unauthorized ? "MetalApiUnauthorized" : "MetalApiError";
    }

    private static Optional<MetalApiException> metalApiCause(Throwable e) {
        return cause(e, MetalApiException.class);
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}

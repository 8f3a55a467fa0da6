package io.github.xcluster.metal;

/**
 * A failed metal-api call. The message is the server's own (or what went wrong on the way) and
 * never contains credentials.
 */
public abstract sealed class MetalApiException extends RuntimeException {
    private final int statusCode;

    protected MetalApiException(int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** 404: the entity does not exist. */
    public static final class NotFound extends MetalApiException {
        public NotFound(String message) {
            super(404, message, null);
        }
    }

    /** 409: duplicate or concurrent modification. */
    public static final class Conflict extends MetalApiException {
        public Conflict(String message) {
            super(409, message, null);
        }
    }

    /** 401/403: the credential is missing, wrong, too old, or lacks the role. */
    public static final class Unauthorized extends MetalApiException {
        public Unauthorized(int statusCode, String message) {
            super(statusCode, message, null);
        }
    }

    /** No metal-api credentials yet (none mounted, or unusable ones); nothing was sent. */
    public static final class NotConfigured extends MetalApiException {
        public NotConfigured(String message) {
            super(0, message, null);
        }
    }

    /** 400/422: the server understood and refused, e.g. {@code no machine available}. */
    public static final class Rejected extends MetalApiException {
        private static final String NO_MACHINE_AVAILABLE = "no machine available";

        public Rejected(int statusCode, String message) {
            super(statusCode, message, null);
        }

        /** The partition has no free machine of the size: the refusal passes once one is freed. */
        public boolean noMachineAvailable() {
            return getMessage() != null && getMessage().contains(NO_MACHINE_AVAILABLE);
        }
    }

    /**
     * metal-api answered, but with something the operator will not read: too large, not JSON, empty, or not the
     * shape the API promises. Not an outage: asking again gets the same answer.
     */
    public static final class BadAnswer extends MetalApiException {
        public BadAnswer(int statusCode, String message) {
            super(statusCode, message, null);
        }
    }

    /** 5xx, timeout, or no connection: worth retrying later. */
    public static final class Unavailable extends MetalApiException {
        /**
         * The status cause reason of an admission webhook's denial because metal-api could not be asked, which the
         * API server hands on to whoever wrote the object.
         */
        public static final String ADMISSION_CAUSE = "MetalApiUnreachable";

        public Unavailable(int statusCode, String message, Throwable cause) {
            super(statusCode, message, cause);
        }
    }
}

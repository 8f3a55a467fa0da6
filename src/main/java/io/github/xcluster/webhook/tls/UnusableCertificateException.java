package io.github.xcluster.webhook.tls;

/**
 * The webhook serving certificate cannot be served at start-up; the message names the file, the cause
 * and, where there is one, the fix, in one line for the user.
 */
public final class UnusableCertificateException extends RuntimeException {
    public UnusableCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}

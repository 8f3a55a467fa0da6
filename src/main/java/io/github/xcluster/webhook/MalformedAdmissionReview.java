package io.github.xcluster.webhook;

/**
 * A request body that is not an AdmissionReview this endpoint can answer; the caller gets a 400
 * with the message, cut short because it may quote whatever the body held.
 */
final class MalformedAdmissionReview extends Exception {
    static final int MAX_MESSAGE_LENGTH = 1000;

    MalformedAdmissionReview(String message) {
        super(message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) + "..." : message);
    }
}

package io.github.xcluster.webhook;

/** A request body that is not an AdmissionReview this endpoint can answer; the caller gets a 400. */
final class MalformedAdmissionReview extends Exception {
  MalformedAdmissionReview(String message) {
    super(message);
  }
}

package io.github.xcluster.reconcile;

import io.github.xcluster.metal.MetalApiException;

/** What a failure says in a condition or event: the server's message, never a stack trace. */
final class StatusMessages {
  private StatusMessages() {}

  static String of(Exception e) {
    if (e instanceof MetalApiException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  static String reason(Exception e) {
    return e instanceof MetalApiException ? "MetalApiError" : "ReconcileError";
  }
}

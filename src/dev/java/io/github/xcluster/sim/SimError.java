package io.github.xcluster.sim;

/** A refusal the simulated server answers with metal-api's error body. */
final class SimError extends RuntimeException {
    private final int status;

    SimError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static SimError notFound(String message) {
        return new SimError(404, message);
    }

    static SimError badRequest(String message) {
        return new SimError(400, message);
    }

    static SimError unprocessable(String message) {
        return new SimError(422, message);
    }
}

package io.github.xcluster.sim;

import java.util.Map;

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

    /** The record of {@code kind} stored under {@code id}, or metal-api's 404 for an unknown id. */
    static <T> T existing(Map<String, T> records, String kind, String id) {
        T record = records.get(id);
        if (record == null) {
            throw notFound("no " + kind + " with id \"" + id + "\" found");
        }
        return record;
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

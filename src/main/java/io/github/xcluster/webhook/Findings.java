package io.github.xcluster.webhook;

import java.util.ArrayList;
import java.util.List;

/** Collects what the rules of one admission find, so the user sees all problems at once. */
final class Findings {
    private final List<Denial> denials = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void deny(String field, String message) {
        denials.add(new Denial(field, message));
    }

    void deny(Denial denial) {
        denials.add(denial);
    }

    void warn(String field, String message) {
        warnings.add(field + ": " + message);
    }

    boolean hasDenials() {
        return !denials.isEmpty();
    }

    Verdict verdict() {
        return new Verdict(denials, warnings);
    }
}

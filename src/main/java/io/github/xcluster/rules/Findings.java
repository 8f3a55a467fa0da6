package io.github.xcluster.rules;

import java.util.ArrayList;
import java.util.List;

/** Collects what the rules of one admission find, so the user sees all problems at once. */
public final class Findings {
    private final List<Denial> denials = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void deny(String field, String message) {
        denials.add(new Denial(field, message));
    }

    public void deny(Denial denial) {
        denials.add(denial);
    }

    public void warn(String field, String message) {
        warnings.add(field + ": " + message);
    }

    public boolean hasDenials() {
        return !denials.isEmpty();
    }

    public Verdict verdict() {
        return new Verdict(denials, warnings);
    }
}

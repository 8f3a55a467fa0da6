package io.github.xcluster.rules;

import java.util.List;

/** The outcome of admission rules: every reason to refuse, and warnings shown to the user. */
public record Verdict(List<Denial> denials, List<String> warnings) {
    public Verdict {
        denials = List.copyOf(denials);
        warnings = List.copyOf(warnings);
    }

    public static Verdict allow() {
        return new Verdict(List.of(), List.of());
    }

    public boolean allowed() {
        return denials.isEmpty();
    }

    /** One denial as is, several in the apiserver's {@code [first, second]} list form. */
    public String message() {
        if (denials.size() == 1) {
            return denials.get(0).toString();
        }
        return denials.stream().map(Denial::toString).toList().toString();
    }
}

package io.github.xcluster.rules;

import java.util.Collection;

/** The {@code ; valid partitions: a, b} tail of a denial, given only when the choices are few. */
final class ValidChoices {
    static final int MAX_LISTED = 10;

    private ValidChoices() {}

    static String of(String noun, Collection<String> choices) {
        if (choices.isEmpty()) {
            return "; there are no valid " + noun;
        }
        if (choices.size() > MAX_LISTED) {
            return "";
        }
        return "; valid " + noun + ": "
                + String.join(", ", choices.stream().sorted().toList());
    }
}

package io.github.xcluster.rules;

/**
 * Why an object is refused: the field at fault (null when the whole object is, e.g. metal-api
 * cannot be asked) and what is wrong with it.
 */
public record Denial(String field, String message) {
    @Override
    public String toString() {
        return field == null ? message : field + ": " + message;
    }
}

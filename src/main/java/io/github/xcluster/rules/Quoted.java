package io.github.xcluster.rules;

/** A user-supplied value as it appears in a message: quoted, and cut short when it is huge. */
public final class Quoted {
    private static final int MAX_SHOWN = 80;

    private Quoted() {}

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        return "\"" + shown.replace("\"", "\\\"") + "\"";
    }
}

package io.github.xcluster.api;

/** Shapes of the metal-stack identifiers our resources carry. */
public final class Ids {
    public static final String UUID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /** Partition, size, image and network ids: {@code vagrant}, {@code firewall-ubuntu-2.0.20201126}. */
    public static final String NAME_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$";

    public static final int MAX_LENGTH = 128;

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(NAME_PATTERN);

    private Ids() {}

    /** Whether the value is a well-formed partition, size, image or network id. */
    public static boolean isName(String value) {
        return value != null
                && value.length() <= MAX_LENGTH
                && NAME.matcher(value).matches();
    }
}

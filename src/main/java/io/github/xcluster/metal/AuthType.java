package io.github.xcluster.metal;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The HMAC credential types metal-api knows; each includes the rights of the ones before it. */
public enum AuthType {
    VIEW("Metal-View"),
    EDIT("Metal-Edit"),
    ADMIN("Metal-Admin");

    private final String header;

    AuthType(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    public boolean includes(AuthType other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code Metal-Admin} etc. exactly as metal-api compares them (case-sensitive). */
    public static AuthType fromHeader(String value) {
        return Arrays.stream(values())
                .filter(type -> type.header.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\""
                        + value
                        + "\" is not an HMAC auth type; use one of "
                        + Arrays.stream(values()).map(AuthType::header).collect(Collectors.joining(", "))));
    }
}

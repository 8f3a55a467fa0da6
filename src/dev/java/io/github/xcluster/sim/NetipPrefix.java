package io.github.xcluster.sim;

import java.util.Optional;

/**
 * Go's {@code netip.ParsePrefix}, with which metal-api reads the CIDRs of firewall rules: the same strict grammar
 * (host bits may be set, no zones, no leading zeros) and the same error words, ported from Go's {@code net/netip}.
 */
final class NetipPrefix {
    static final String IPV4 = "IPv4";
    static final String IPV6 = "IPv6";

    private NetipPrefix() {}

    /**
     * The address family of the prefix {@code text}; an IPv4-mapped IPv6 address is IPv6, as in Go.
     *
     * @throws IllegalArgumentException with Go's error text when it is not a prefix
     */
    static String family(String text) {
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            throw prefixError(text, "no '/'");
        }
        String address = text.substring(0, slash);
        String family;
        try {
            family = addressFamily(address);
        } catch (IllegalArgumentException e) {
            throw prefixError(text, e.getMessage());
        }
        if (family.equals(IPV6) && address.indexOf('%') >= 0) {
            throw prefixError(text, "IPv6 zones cannot be present in a prefix");
        }
        String bits = text.substring(slash + 1);
        Optional<Long> length = prefixLength(bits);
        if (length.isEmpty()) {
            throw prefixError(text, "bad bits after slash: " + quote(bits));
        }
        if (length.get() > (family.equals(IPV4) ? 32 : 128)) {
            throw prefixError(text, "prefix length out of range");
        }
        return family;
    }

    /** Go's check of the bits: digits without a sign or a leading zero that fit a 64-bit int. */
    private static Optional<Long> prefixLength(String bits) {
        boolean digits = !bits.isEmpty() && bits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (bits.length() > 1 && bits.charAt(0) == '0')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(bits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code netip.ParseAddr}: the first of '.', ':' or '%' decides how the text is read. */
    private static String addressFamily(String in) {
        for (int i = 0; i < in.length(); i++) {
            switch (in.charAt(i)) {
                case '.' -> {
                    parseIPv4Fields(in, 0, in.length());
                    return IPV4;
                }
                case ':' -> {
                    parseIPv6(in);
                    return IPV6;
                }
                case '%' -> throw addressError(in, "missing IPv6 address", "");
                default -> {}
            }
        }
        throw addressError(in, "unable to parse IP", "");
    }

    private static void parseIPv4Fields(String in, int off, int end) {
        String s = in.substring(off, end);
        int value = 0;
        int fields = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    throw addressError(in, "IPv4 field has octet with leading zero", "");
                }
                value = value * 10 + c - '0';
                digits++;
                if (value > 255) {
                    throw addressError(in, "IPv4 field has value >255", "");
                }
            } else if (c == '.') {
                if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
                    throw addressError(in, "IPv4 field must have at least one digit", s.substring(i));
                }
                if (fields == 3) {
                    throw addressError(in, "IPv4 address too long", "");
                }
                fields++;
                value = 0;
                digits = 0;
            } else {
                throw addressError(in, "unexpected character", s.substring(i));
            }
        }
        if (fields < 3) {
            throw addressError(in, "IPv4 address too short", "");
        }
    }

    private static void parseIPv6(String in) {
        String s = in;
        String zone = "";
        int percent = s.indexOf('%');
        if (percent >= 0) {
            zone = s.substring(percent + 1);
            s = s.substring(0, percent);
            if (zone.isEmpty()) {
                throw addressError(in, "zone must be a non-empty string", "");
            }
        }
        int ellipsis = -1;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int group = 0;
            for (; off < s.length() && hexDigit(s.charAt(off)) >= 0; off++) {
                group = (group << 4) + hexDigit(s.charAt(off));
                if (off > 3) {
                    throw addressError(in, "each group must have 4 or less digits", s);
                }
                if (group > 0xFFFF) {
                    throw addressError(in, "IPv6 field has value >=2^16", s);
                }
            }
            if (off == 0) {
                throw addressError(in, "each colon-separated field must have at least one digit", s);
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    throw addressError(in, "embedded IPv4 address must replace the final 2 fields of the address", s);
                }
                if (i + 4 > 16) {
                    throw addressError(in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
                }
                int end = zone.isEmpty() ? in.length() : in.length() - zone.length() - 1;
                parseIPv4Fields(in, end - s.length(), end);
                s = "";
                i += 4;
                break;
            }
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':') {
                throw addressError(in, "unexpected character, want colon", s);
            } else if (s.length() == 1) {
                throw addressError(in, "colon must be followed by more characters", s);
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    throw addressError(in, "multiple :: in address", s);
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            throw addressError(in, "trailing garbage after address", s);
        }
        if (i < 16 && ellipsis < 0) {
            throw addressError(in, "address string too short", "");
        }
        if (i == 16 && ellipsis >= 0) {
            throw addressError(in, "the :: must expand to at least one field of zeros", "");
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException prefixError(String in, String message) {
        return new IllegalArgumentException("netip.ParsePrefix(" + quote(in) + "): " + message);
    }

    private static IllegalArgumentException addressError(String in, String message, String at) {
        String where = at.isEmpty() ? "" : " (at " + quote(at) + ")";
        return new IllegalArgumentException("ParseAddr(" + quote(in) + "): " + message + where);
    }

    /** Go's {@code strconv.Quote} for the text a CIDR may hold: printable characters as they are. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}

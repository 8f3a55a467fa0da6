package io.github.xcluster.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CIDR as metal-api reads it (Go's {@code netip.ParsePrefix}): an IPv4 or IPv6 address literal, '/', a prefix
 * length without sign or leading zero; host bits may be set, zones and names are not allowed. Parsed by hand, so a
 * name is never looked up.
 */
final class CidrNotation {
    enum Family {
        IPV4("IPv4", 32),
        IPV6("IPv6", 128);

        private final String label;
        private final int bits;

        Family(String label, int bits) {
            this.label = label;
            this.bits = bits;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final int IPV6_GROUPS = 8;

    private CidrNotation() {}

    /** The address family of {@code cidr}, or empty when metal-api would not read it as a CIDR. */
    static Optional<Family> familyOf(String cidr) {
        int slash = cidr == null ? -1 : cidr.lastIndexOf('/');
        if (slash < 0 || !PREFIX_LENGTH.matcher(cidr.substring(slash + 1)).matches()) {
            return Optional.empty();
        }
        String address = cidr.substring(0, slash);
        int length = Integer.parseInt(cidr.substring(slash + 1));
        Optional<Family> family = IPV4.matcher(address).matches()
                ? Optional.of(Family.IPV4)
                : isIpv6(address) ? Optional.of(Family.IPV6) : Optional.empty();
        return family.filter(f -> length <= f.bits);
    }

    /** Eight groups, or fewer around one {@code ::} that stands for at least one; an IPv4 tail counts as two. */
    private static boolean isIpv6(String address) {
        String[] halves = address.split("::", -1);
        if (halves.length == 1) {
            return groups(halves[0], true) == IPV6_GROUPS;
        }
        if (halves.length != 2) {
            return false;
        }
        int head = groups(halves[0], false);
        int tail = groups(halves[1], true);
        return head >= 0 && tail >= 0 && head + tail < IPV6_GROUPS;
    }

    /** How many 16-bit groups {@code part} holds, or -1 when it is not colon-separated hex groups. */
    private static int groups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] fields = part.split(":", -1);
        int groups = 0;
        for (int i = 0; i < fields.length; i++) {
            if (mayEndInIpv4
                    && i == fields.length - 1
                    && IPV4.matcher(fields[i]).matches()) {
                groups += 2;
            } else if (HEX_GROUP.matcher(fields[i]).matches()) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }
}

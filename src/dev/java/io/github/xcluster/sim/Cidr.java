package io.github.xcluster.sim;

/** An IPv4 prefix as a 32-bit address and a length. */
record Cidr(long address, int length) {
    static Cidr parse(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        int length = Integer.parseInt(parts[1]);
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Cidr(parseAddress(parts[0]), length);
    }

    /** A dotted-quad IPv4 address as a number. */
    static long parseAddress(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long address = 0;
        for (String octet : octets) {
            boolean canonical = !octet.isEmpty()
                    && octet.length() <= 3
                    && octet.chars().allMatch(Character::isDigit)
                    && (octet.length() == 1 || octet.charAt(0) != '0');
            if (!canonical) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = (address << 8) | value;
        }
        return address;
    }

    static String format(long address, int length) {
        return formatAddress(address) + "/" + length;
    }

    static String formatAddress(long address) {
        return ((address >> 24) & 255)
                + "."
                + ((address >> 16) & 255)
                + "."
                + ((address >> 8) & 255)
                + "."
                + (address & 255);
    }

    long size() {
        return 1L << (32 - length);
    }

    boolean contains(long other) {
        return other >= address && other < address + size();
    }
}

package io.github.xcluster.sim;

/** An IPv4 prefix as a 32-bit address and a length. */
record Cidr(long address, int length) {
    static Cidr parse(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        long address = 0;
        for (String octet : octets) {
            int value = Integer.parseInt(octet);
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
            }
            address = (address << 8) | value;
        }
        int length = Integer.parseInt(parts[1]);
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Cidr(address, length);
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
}

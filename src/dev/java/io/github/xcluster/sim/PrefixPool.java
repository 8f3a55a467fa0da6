package io.github.xcluster.sim;

import java.util.BitSet;

/** Carves child prefixes of one length out of an IPv4 super prefix, lowest free first. */
final class PrefixPool {
    private final long base;
    private final int childLength;
    private final int capacity;
    private final BitSet used = new BitSet();

    PrefixPool(String superCidr, int childLength) {
        Cidr cidr = Cidr.parse(superCidr);
        if (childLength < cidr.length() || childLength > 30) {
            throw new IllegalArgumentException("child length /" + childLength + " does not fit in " + superCidr);
        }
        this.base = cidr.address();
        this.childLength = childLength;
        this.capacity = 1 << (childLength - cidr.length());
    }

    /** The next free child prefix, or null when the super network is exhausted. */
    String allocate() {
        int index = used.nextClearBit(0);
        if (index >= capacity) {
            return null;
        }
        used.set(index);
        return Cidr.format(base + ((long) index << (32 - childLength)), childLength);
    }

    void release(String childCidr) {
        Cidr cidr = Cidr.parse(childCidr);
        used.clear((int) ((cidr.address() - base) >> (32 - childLength)));
    }

    int capacity() {
        return capacity;
    }
}

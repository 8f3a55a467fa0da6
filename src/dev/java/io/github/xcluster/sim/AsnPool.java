package io.github.xcluster.sim;

import java.util.BitSet;

/** Machine ASNs as metal-api hands them out: 4210000000 plus a free integer of its pool (from 1), given back on free. */
final class AsnPool {
    static final long BASE = 4_210_000_000L;

    private final BitSet used = new BitSet();

    long take() {
        int offset = used.nextClearBit(1);
        used.set(offset);
        return BASE + offset;
    }

    void release(long asn) {
        used.clear(Math.toIntExact(asn - BASE));
    }
}

package io.github.xcluster.sim;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A machine's tags after allocation, merged as metal-api merges them: the user's tags as a set, one value per {@code
 * key=} (the later one), and the system's labels above them all.
 */
final class MachineTags {
    static final String RACK = "machine.metal-stack.io/rack";
    static final String PRIMARY_ASN = "machine.metal-stack.io/network.primary.asn";

    private MachineTags() {}

    static Set<String> of(List<String> userTags, String rackId, long asn) {
        Set<String> plain = new LinkedHashSet<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String tag : userTags) {
            int equals = tag.indexOf('=');
            if (equals < 0) {
                plain.add(tag);
            } else {
                labels.put(tag.substring(0, equals), tag.substring(equals + 1));
            }
        }
        labels.put(PRIMARY_ASN, Long.toString(asn));
        if (!rackId.isEmpty()) {
            labels.put(RACK, rackId);
        }
        labels.forEach((key, value) -> plain.add(key + "=" + value));
        return plain;
    }
}

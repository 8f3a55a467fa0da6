package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * How metal-api objects remember which resource created them, so a restarted operator finds them
 * instead of allocating twice: networks carry a label, machines a tag, both with the owner's UID.
 */
final class OwnerMarks {
    static final String NETWORK_LABEL = "cluster.www.x-cellent.com/xcluster-uid";
    static final String FIREWALL_TAG_KEY = "cluster.www.x-cellent.com/xfirewall-uid";

    private OwnerMarks() {}

    static Map<String, String> networkLabels(HasMetadata cluster) {
        return Map.of(NETWORK_LABEL, cluster.getMetadata().getUid());
    }

    static String firewallTag(HasMetadata firewall) {
        return FIREWALL_TAG_KEY + "=" + firewall.getMetadata().getUid();
    }
}

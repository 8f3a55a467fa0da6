package io.github.xcluster.webhook;

import io.github.xcluster.api.XFirewall;
import io.github.xcluster.rules.FirewallSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;

/** Fills a new XFirewall's image, size and default network and labels it. */
final class XFirewallDefaulter implements Defaulter<XFirewall> {
    private final FirewallSpecDefaulter firewall;

    XFirewallDefaulter(FirewallSpecDefaulter firewall) {
        this.firewall = firewall;
    }

    @Override
    public XFirewall mutate(XFirewall object, XFirewall old, Operation operation) {
        if (operation != Operation.CREATE) {
            return object;
        }
        ManagedByLabel.addIfAbsent(object);
        if (object.getSpec() != null) {
            firewall.fill(object.getSpec(), object.getSpec().getPartitionID());
        }
        return object;
    }
}

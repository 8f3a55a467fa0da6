package io.github.xcluster.webhook;

import io.github.xcluster.api.XFirewall;
import io.github.xcluster.rules.FirewallSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;
import io.javaoperatorsdk.webhook.admission.mutation.Mutator;

/** Fills a new XFirewall's image, size and default network and labels it. */
final class XFirewallDefaulter implements Mutator<XFirewall> {
    private final FirewallSpecDefaulter firewall;

    XFirewallDefaulter(FirewallSpecDefaulter firewall) {
        this.firewall = firewall;
    }

    @Override
    public XFirewall mutate(XFirewall object, Operation operation) {
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

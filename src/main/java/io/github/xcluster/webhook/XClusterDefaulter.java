package io.github.xcluster.webhook;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import io.github.xcluster.rules.FirewallSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;
import io.javaoperatorsdk.webhook.admission.mutation.Mutator;

/** Fills a new XCluster's firewall template and labels it; other operations pass unchanged. */
final class XClusterDefaulter implements Mutator<XCluster> {
    private final FirewallSpecDefaulter firewall;

    XClusterDefaulter(FirewallSpecDefaulter firewall) {
        this.firewall = firewall;
    }

    @Override
    public XCluster mutate(XCluster cluster, Operation operation) {
        if (operation != Operation.CREATE) {
            return cluster;
        }
        ManagedByLabel.addIfAbsent(cluster);
        XClusterSpec spec = cluster.getSpec();
        if (spec == null) {
            return cluster;
        }
        XFirewallTemplate template =
                spec.getXFirewallTemplate() == null ? new XFirewallTemplate() : spec.getXFirewallTemplate();
        XFirewallSpec firewallSpec = template.getSpec() == null ? new XFirewallSpec() : template.getSpec();
        if (firewall.fill(firewallSpec, spec.getPartition())) {
            template.setSpec(firewallSpec);
            spec.setXFirewallTemplate(template);
        }
        return cluster;
    }
}

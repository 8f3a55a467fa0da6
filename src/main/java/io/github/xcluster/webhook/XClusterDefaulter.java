package io.github.xcluster.webhook;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import io.github.xcluster.rules.FirewallSpecDefaulter;
import io.javaoperatorsdk.webhook.admission.Operation;

/**
 * Fills an XCluster's firewall template, on creation and on update alike (an image shorthand is pinned, or keeps the
 * concrete image it stood for before), and labels a new XCluster; deletions pass unchanged.
 */
final class XClusterDefaulter implements Defaulter<XCluster> {
    private final FirewallSpecDefaulter firewall;

    XClusterDefaulter(FirewallSpecDefaulter firewall) {
        this.firewall = firewall;
    }

    @Override
    public XCluster mutate(XCluster cluster, XCluster old, Operation operation) {
        if (operation == Operation.CREATE) {
            ManagedByLabel.addIfAbsent(cluster);
        } else if (operation != Operation.UPDATE || !templateChanged(cluster, old)) {
            return cluster;
        }
        XClusterSpec spec = cluster.getSpec();
        if (spec == null) {
            return cluster;
        }
        XFirewallTemplate template =
                spec.getXFirewallTemplate() == null ? new XFirewallTemplate() : spec.getXFirewallTemplate();
        XFirewallSpec firewallSpec = template.getSpec() == null ? new XFirewallSpec() : template.getSpec();
        if (firewall.fill(firewallSpec, spec.getPartition(), previousImage(old))) {
            template.setSpec(firewallSpec);
            spec.setXFirewallTemplate(template);
        }
        return cluster;
    }

    /** Updates that leave the template alone (finalizers, labels, deletion) need no metal-api lookup. */
    private static boolean templateChanged(XCluster cluster, XCluster old) {
        return cluster.getMetadata().getDeletionTimestamp() == null
                && !Serialization.jsonMapper()
                        .valueToTree(templateSpec(cluster))
                        .equals(Serialization.jsonMapper().valueToTree(templateSpec(old)));
    }

    private static String previousImage(XCluster old) {
        XFirewallSpec previous = templateSpec(old);
        return previous == null ? null : previous.getImage();
    }

    private static XFirewallSpec templateSpec(XCluster cluster) {
        if (cluster == null || cluster.getSpec() == null || cluster.getSpec().getXFirewallTemplate() == null) {
            return null;
        }
        return cluster.getSpec().getXFirewallTemplate().getSpec();
    }
}

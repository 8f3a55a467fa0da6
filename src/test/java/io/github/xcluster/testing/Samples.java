package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;

/** The xcluster walkthrough's sample, as objects. */
public final class Samples {
    public static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    public static final String PARTITION = "vagrant";
    public static final String SIZE = "v1-small-x86";

    private Samples() {}

    public static XCluster xcluster(String namespace, String name) {
        XFirewallSpec firewall = new XFirewallSpec();
        firewall.setDefaultNetworkID("internet-vagrant-lab");
        firewall.setImage("firewall-ubuntu-2.0");
        firewall.setSize(SIZE);
        XFirewallTemplate template = new XFirewallTemplate();
        template.setSpec(firewall);
        XClusterSpec spec = new XClusterSpec();
        spec.setPartition(PARTITION);
        spec.setProjectID(PROJECT);
        spec.setXFirewallTemplate(template);
        XCluster cluster = new XCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.setSpec(spec);
        return cluster;
    }
}

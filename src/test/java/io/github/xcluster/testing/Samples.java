package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import io.github.xcluster.metal.MachineAllocationRequest;
import java.util.List;

/** The xcluster walkthrough's sample, as objects. */
public final class Samples {
    public static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    public static final String PARTITION = "vagrant";
    public static final String SIZE = "v1-small-x86";

    private Samples() {}

    /** A plain machine in the sample's project with an address in the network, so the network cannot be freed. */
    public static MachineAllocationRequest networkHolder(String networkId) {
        return new MachineAllocationRequest(
                "holder",
                "holder",
                "",
                PROJECT,
                PARTITION,
                SIZE,
                "ubuntu-cloud-init-20.04",
                null,
                List.of(networkId),
                List.of(),
                List.of(),
                null);
    }

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

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
    /** An ed25519 public key that parses as an authorized_keys line (its key bytes are 0 to 31). */
    public static final String SSH_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f node@xcluster";

    private Samples() {}

    /** A plain machine in the sample's project with an address in the network, so the network cannot be freed. */
    public static MachineAllocationRequest networkHolder(String networkId) {
        return machine("holder", List.of(networkId), List.of(), List.of());
    }

    /** A machine (a Cluster API node) of the sample's project, partition and size on the Ubuntu machine image. */
    public static MachineAllocationRequest machine(
            String name, List<String> networkIds, List<String> tags, List<String> placementTags) {
        return new MachineAllocationRequest(
                name,
                name,
                "",
                PROJECT,
                PARTITION,
                SIZE,
                "ubuntu-cloud-init-20.04",
                null,
                networkIds,
                tags,
                List.of(),
                null,
                placementTags,
                List.of());
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

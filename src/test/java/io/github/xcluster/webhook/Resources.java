package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;

/** Objects as users write them, matching the mini-lab walkthrough. */
final class Resources {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Resources() {}

    static XCluster cluster() {
        XFirewallSpec firewall = new XFirewallSpec();
        firewall.setImage("firewall-ubuntu-2.0.20201126");
        firewall.setSize(SimulatedMetal.SMALL);
        firewall.setDefaultNetworkID("internet-vagrant-lab");
        XFirewallTemplate template = new XFirewallTemplate();
        template.setSpec(firewall);
        XClusterSpec spec = new XClusterSpec();
        spec.setPartition("vagrant");
        spec.setProjectID(SimulatedMetal.PROJECT);
        spec.setXFirewallTemplate(template);
        XCluster cluster = new XCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("demo")
                .withNamespace("default")
                .build());
        cluster.setSpec(spec);
        return cluster;
    }

    static XFirewall firewall(String privateNetworkId) {
        XFirewallSpec spec = new XFirewallSpec();
        spec.setImage("firewall-ubuntu-2.0.20201126");
        spec.setSize(SimulatedMetal.SMALL);
        spec.setDefaultNetworkID("internet-vagrant-lab");
        spec.setPartitionID("vagrant");
        spec.setProjectID(SimulatedMetal.PROJECT);
        spec.setPrivateNetworkID(privateNetworkId);
        XFirewall firewall = new XFirewall();
        firewall.setMetadata(new ObjectMetaBuilder()
                .withName("demo-firewall")
                .withNamespace("default")
                .build());
        firewall.setSpec(spec);
        return firewall;
    }

    /** The resource as the apiserver sends it in a review. */
    static com.fasterxml.jackson.databind.JsonNode json(Object resource) {
        return AdmissionReviews.read(SERIALIZATION.asJson(resource));
    }

    static <T> T copy(T resource) {
        return SERIALIZATION.clone(resource);
    }

    static XFirewallSpec firewallSpec(XCluster cluster) {
        return cluster.getSpec().getXFirewallTemplate().getSpec();
    }
}

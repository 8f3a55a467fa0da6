package io.github.xcluster.manifests;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallTemplate;
import java.util.List;

/**
 * The examples of the CSV while config/samples holds none: the mini-lab sample of the xcluster
 * README, one per kind, built from the resource model so they cannot name a field that is gone.
 */
final class StandardSamples {
  private static final String PARTITION = "vagrant";
  private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
  private static final String EXTERNAL_NETWORK = "internet-vagrant-lab";
  private static final String FIREWALL_IMAGE = "firewall-ubuntu-2.0";
  private static final String FIREWALL_SIZE = "v1-small-x86";

  private StandardSamples() {}

  static List<CustomResource<?, ?>> all() {
    return List.of(xcluster(), xfirewall());
  }

  private static XCluster xcluster() {
    XFirewallSpec firewall = firewall();
    XFirewallTemplate template = new XFirewallTemplate();
    template.setSpec(firewall);
    XClusterSpec spec = new XClusterSpec();
    spec.setPartition(PARTITION);
    spec.setProjectID(PROJECT);
    spec.setXFirewallTemplate(template);
    XCluster cluster = new XCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("xcluster-sample").build());
    cluster.setSpec(spec);
    return cluster;
  }

  private static XFirewall xfirewall() {
    XFirewallSpec spec = firewall();
    spec.setPartitionID(PARTITION);
    spec.setProjectID(PROJECT);
    spec.setPrivateNetworkID("10000000-0000-0000-0000-000000000001");
    XFirewall firewall = new XFirewall();
    firewall.setMetadata(new ObjectMetaBuilder().withName("xfirewall-sample").build());
    firewall.setSpec(spec);
    return firewall;
  }

  private static XFirewallSpec firewall() {
    XFirewallSpec spec = new XFirewallSpec();
    spec.setDefaultNetworkID(EXTERNAL_NETWORK);
    spec.setImage(FIREWALL_IMAGE);
    spec.setSize(FIREWALL_SIZE);
    return spec;
  }
}

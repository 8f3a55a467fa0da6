package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.sim.SimulatorCounters;

/** What the simulator holds for an XCluster, checked against what the cluster's status claims. */
final class Allocations {
    private static final String NETWORK_LABEL = "cluster.www.x-cellent.com/xcluster-uid";
    private static final String FIREWALL_TAG = "cluster.www.x-cellent.com/xfirewall-uid=";

    private final KubernetesClient client;
    private final SimulatorCounters counters;

    Allocations(KubernetesClient client, SimulatorCounters counters) {
        this.client = client;
        this.counters = counters;
    }

    /** The network in status is the only one labelled with the cluster's UID; likewise the firewall's machine. */
    void assertOneNetworkAndOneFirewall(String namespace, String name) {
        XCluster cluster = client.resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        XFirewall firewall = client.resources(XFirewall.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        assertThat(counters.networkIdsWithLabel(
                        NETWORK_LABEL, cluster.getMetadata().getUid()))
                .as("networks of xcluster %s/%s", namespace, name)
                .containsExactly(cluster.getStatus().getPrivateNetworkID());
        assertThat(counters.machineIdsWithTag(
                        FIREWALL_TAG + firewall.getMetadata().getUid()))
                .as("firewall machines of xfirewall %s/%s", namespace, name)
                .containsExactly(firewall.getStatus().getMachineID());
    }

    /** Nothing is allocated for a cluster of this UID (and the firewall of that UID). */
    void assertNothingHeldFor(String clusterUid, String firewallUid) {
        assertThat(counters.networkIdsWithLabel(NETWORK_LABEL, clusterUid)).isEmpty();
        assertThat(counters.machineIdsWithTag(FIREWALL_TAG + firewallUid)).isEmpty();
    }
}

package io.github.xcluster.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.testing.Samples;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterFirewallsTest {
    static KubernetesClient client;

    @Test
    void aTakenNameThatNeitherListShowsIsSteppedAround() {
        XCluster cluster = Samples.xcluster("steps", "edge");
        cluster.getMetadata().setUid("uid-edge");
        XFirewallSpec spec = FirewallTemplate.wantedSpec(cluster, "network-1");
        String hashed = "edge-" + FirewallTemplate.hash(spec);
        foreign("edge", spec);
        foreign(hashed, spec);

        XFirewall created = new ClusterFirewalls(client, cluster).create(spec, FirewallTemplate.ROLE_ACTIVE);

        assertThat(created.getMetadata().getName())
                .as("the cluster's name is seen as taken by name; its hashed name only by the API server's 409")
                .isEqualTo(hashed + "-2");
        assertThat(client.resources(XFirewall.class)
                        .inNamespace("steps")
                        .withName(hashed)
                        .get()
                        .getMetadata()
                        .getOwnerReferences())
                .as("the foreign firewall is left as it was")
                .isEmpty();
    }

    private static void foreign(String name, XFirewallSpec spec) {
        XFirewall firewall = new XFirewall();
        firewall.getMetadata().setName(name);
        firewall.getMetadata().setNamespace("steps");
        firewall.setSpec(spec);
        client.resource(firewall).create();
    }
}

package io.github.xcluster.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.NameReference;
import io.github.xcluster.testing.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a quota counts, from the objects of its namespaces alone (the fabric8 mock server as the API server). */
@EnableKubernetesMockClient(crud = true)
class ProjectUsageTest {
    private static final String OTHER_PROJECT = "11111111-1111-1111-1111-111111111111";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void countsANetworkPerClusterAndAMachinePerFirewallMachineAndFirewallToCome() {
        XCluster withFirewall =
                client.resource(Samples.xcluster("team", "with-firewall")).create();
        client.resource(Samples.xcluster("team", "awaiting-firewall")).create();
        client.resource(firewallOf(withFirewall)).create();
        client.resource(Samples.xcluster("elsewhere", "not-counted")).create();
        XCluster otherProject = Samples.xcluster("team", "other-project");
        otherProject.getSpec().setProjectID(OTHER_PROJECT);
        client.resource(otherProject).create();
        client.resource(capiCluster("firewalled", true)).create();
        client.resource(capiCluster("bare", false)).create();
        client.resource(capiMachine("firewalled-cp-0", "firewalled")).create();
        client.resource(capiMachine("firewalled-md-0", "firewalled")).create();

        ProjectUsage usage = ProjectUsage.count(client, List.of("team"), Samples.PROJECT);

        assertThat(usage.networks()).as("2 XClusters and 2 MetalStackClusters").isEqualTo(4);
        assertThat(usage.machines())
                .as("1 XFirewall, 1 XCluster firewall to come, 1 Cluster API firewall, 2 MetalStackMachines")
                .isEqualTo(5);
        assertThat(usage.clustersAwaitingFirewall()).hasSize(1);
    }

    private static XFirewall firewallOf(XCluster cluster) {
        XFirewallSpec spec = new XFirewallSpec();
        spec.setProjectID(Samples.PROJECT);
        XFirewall firewall = new XFirewall();
        firewall.setMetadata(new ObjectMetaBuilder()
                .withName(cluster.getMetadata().getName())
                .withNamespace("team")
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind(cluster.getKind())
                        .withName(cluster.getMetadata().getName())
                        .withUid(cluster.getMetadata().getUid())
                        .build())
                .build());
        firewall.setSpec(spec);
        return firewall;
    }

    private static MetalStackCluster capiCluster(String name, boolean withFirewall) {
        MetalStackClusterSpec spec = new MetalStackClusterSpec();
        spec.setProjectID(Samples.PROJECT);
        spec.setPartition(Samples.PARTITION);
        if (withFirewall) {
            spec.setFirewallDeploymentRef(new NameReference(name + "-firewall"));
        }
        MetalStackCluster cluster = new MetalStackCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("team")
                .withLabels(Map.of(InfrastructureKinds.CLUSTER_NAME_LABEL, name))
                .build());
        cluster.setSpec(spec);
        return cluster;
    }

    private static MetalStackMachine capiMachine(String name, String clusterName) {
        MetalStackMachine machine = new MetalStackMachine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("team")
                .withLabels(Map.of(InfrastructureKinds.CLUSTER_NAME_LABEL, clusterName))
                .build());
        return machine;
    }
}

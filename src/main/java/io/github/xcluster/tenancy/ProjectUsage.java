package io.github.xcluster.tenancy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackMachine;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What some namespaces hold in one project, counted from their objects in Kubernetes rather than from metal-api,
 * so that an object admitted a moment ago and not yet reconciled counts too. A network per XCluster and
 * MetalStackCluster; a machine per XFirewall and MetalStackMachine, one per MetalStackCluster with a firewall
 * deployment (its firewall), and one for each XCluster whose firewall is not made yet, so that the firewall it is
 * about to make fits.
 */
public record ProjectUsage(int networks, int machines, Set<String> clustersAwaitingFirewall) {
    public ProjectUsage {
        clustersAwaitingFirewall = Set.copyOf(clustersAwaitingFirewall);
    }

    static ProjectUsage count(KubernetesClient client, Collection<String> namespaces, String projectId) {
        int networks = 0;
        int machines = 0;
        Set<String> awaitingFirewall = new HashSet<>();
        for (String namespace : namespaces) {
            List<XCluster> clusters = client.resources(XCluster.class).inNamespace(namespace).list().getItems().stream()
                    .filter(cluster -> cluster.getSpec() != null
                            && projectId.equals(cluster.getSpec().getProjectID()))
                    .toList();
            List<XFirewall> firewalls =
                    client.resources(XFirewall.class).inNamespace(namespace).list().getItems().stream()
                            .filter(firewall -> firewall.getSpec() != null
                                    && projectId.equals(firewall.getSpec().getProjectID()))
                            .toList();
            Set<String> owners = new HashSet<>();
            firewalls.forEach(firewall -> owners.addAll(ownerUids(firewall)));
            clusters.stream()
                    .map(cluster -> cluster.getMetadata().getUid())
                    .filter(uid -> !owners.contains(uid))
                    .forEach(awaitingFirewall::add);
            List<MetalStackCluster> capiClusters =
                    client.resources(MetalStackCluster.class).inNamespace(namespace).list().getItems().stream()
                            .filter(cluster -> cluster.getSpec() != null
                                    && projectId.equals(cluster.getSpec().getProjectID()))
                            .toList();
            Set<String> capiClusterNames = new HashSet<>();
            capiClusters.forEach(cluster -> capiClusterNames.add(clusterNameOf(cluster)));
            capiClusterNames.remove(null);
            long capiMachines =
                    client.resources(MetalStackMachine.class).inNamespace(namespace).list().getItems().stream()
                            .filter(machine -> capiClusterNames.contains(clusterNameOf(machine)))
                            .count();
            long capiFirewalls = capiClusters.stream()
                    .filter(cluster -> cluster.getSpec().getFirewallDeploymentRef() != null)
                    .count();
            networks += clusters.size() + capiClusters.size();
            machines += firewalls.size() + (int) capiMachines + (int) capiFirewalls;
        }
        return new ProjectUsage(networks, machines + awaitingFirewall.size(), awaitingFirewall);
    }

    private static Set<String> ownerUids(HasMetadata object) {
        Set<String> uids = new HashSet<>();
        for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
            if (HasMetadata.getKind(XCluster.class).equals(owner.getKind())) {
                uids.add(owner.getUid());
            }
        }
        return uids;
    }

    /** Cluster API core's label; null when there is none. */
    private static String clusterNameOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(InfrastructureKinds.CLUSTER_NAME_LABEL);
    }
}

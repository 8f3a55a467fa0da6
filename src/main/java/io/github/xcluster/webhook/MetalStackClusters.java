package io.github.xcluster.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the MetalStackCluster of a Cluster API cluster, by the cluster-name label Cluster API's core puts on its
 * InfraCluster. A MetalStackMachine's validator asks for it to learn the machine's partition and project.
 */
public interface MetalStackClusters {
    /** @return empty when there is none yet, or more than one (then the reconciler decides) */
    Optional<MetalStackCluster> of(String namespace, String clusterName);

    /** No cluster is ever found: machines are checked only in what needs no partition. */
    static MetalStackClusters none() {
        return (namespace, clusterName) -> Optional.empty();
    }

    /** @param client may still be under construction when the webhook server starts */
    static MetalStackClusters in(Supplier<KubernetesClient> client) {
        return (namespace, clusterName) -> {
            List<MetalStackCluster> labelled = client.get()
                    .resources(MetalStackCluster.class)
                    .inNamespace(namespace)
                    .withLabel(InfrastructureKinds.CLUSTER_NAME_LABEL, clusterName)
                    .list()
                    .getItems();
            return labelled.size() == 1 ? Optional.of(labelled.get(0)) : Optional.empty();
        };
    }
}

package io.github.xcluster.reconcile;

import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackMachine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the metal-api objects of a Cluster API cluster are found again: by the cluster's id, kept in an annotation of
 * the MetalStackCluster. An annotation travels with {@code clusterctl move}; a UID does not. Keys as in metal-stack's
 * own provider (metal-lib's {@code cluster.metal-stack.io/id}).
 */
final class ClusterMarks {
    static final String CLUSTER_ID_ANNOTATION = "metal-stack.infrastructure.cluster.x-k8s.io/cluster-id";
    static final String CLUSTER_ID = "cluster.metal-stack.io/id";
    static final String CONTROL_PLANE_PURPOSE = "metal-stack.infrastructure.cluster.x-k8s.io/purpose=control-plane";
    static final String MACHINE_RESOURCE = "metal-stack.infrastructure.cluster.x-k8s.io/machine-resource";

    private ClusterMarks() {}

    static Optional<String> clusterId(MetalStackCluster cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(CLUSTER_ID_ANNOTATION));
    }

    static Map<String, String> networkLabels(String clusterId) {
        return Map.of(CLUSTER_ID, clusterId);
    }

    static String clusterTag(String clusterId) {
        return CLUSTER_ID + "=" + clusterId;
    }

    static List<String> controlPlaneIpTags(String clusterId) {
        return List.of(clusterTag(clusterId), CONTROL_PLANE_PURPOSE);
    }

    /** Namespace and name: both survive a move, and together they name one MetalStackMachine of the cluster. */
    static List<String> machineTags(String clusterId, MetalStackMachine machine) {
        return List.of(clusterTag(clusterId), machineResourceTag(machine));
    }

    static String machineResourceTag(MetalStackMachine machine) {
        return MACHINE_RESOURCE + "=" + machine.getMetadata().getNamespace() + "."
                + machine.getMetadata().getName();
    }
}

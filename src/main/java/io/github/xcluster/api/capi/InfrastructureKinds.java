package io.github.xcluster.api.capi;

/** What the Cluster API kinds share: their group, version, category and the contracts they meet. */
public final class InfrastructureKinds {
    public static final String GROUP = "infrastructure.cluster.x-k8s.io";
    public static final String VERSION = "v1alpha1";
    /** {@code kubectl get cluster-api} lists these with CAPI's own kinds. */
    public static final String CATEGORY = "cluster-api";
    /**
     * CRD labels naming the versions of ours that meet each Cluster API contract; core picks the InfraCluster and
     * InfraMachine version by them, and clusterctl checks them against metadata.yaml.
     */
    public static final String CONTRACT_V1BETA1_LABEL = "cluster.x-k8s.io/v1beta1";

    public static final String CONTRACT_V1BETA2_LABEL = "cluster.x-k8s.io/v1beta2";

    /** The label Cluster API puts on the objects of one cluster, our InfraCluster and InfraMachines included. */
    public static final String CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";

    public static final String WHY_TEMPLATE_IMMUTABLE = "Cluster API rolls out a change by pointing to a new template";

    private InfrastructureKinds() {}
}

package io.github.xcluster.api.capi;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The metal-stack infrastructure of a Cluster API cluster: its node network and control-plane address. */
@Group(InfrastructureKinds.GROUP)
@Version(InfrastructureKinds.VERSION)
@Kind("MetalStackCluster")
@Plural("metalstackclusters")
@Singular("metalstackcluster")
@ShortNames("msc")
@Categories(InfrastructureKinds.CATEGORY)
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".metadata.labels['cluster\\.x-k8s\\.io/cluster-name']",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Partition", jsonPath = ".spec.partition", type = Type.STRING)
@AdditionalPrinterColumn(name = "Network", jsonPath = ".status.nodeNetworkID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".spec.controlPlaneEndpoint.host", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class MetalStackCluster extends CustomResource<MetalStackClusterSpec, MetalStackClusterStatus>
        implements Namespaced {
    public static final String FINALIZER = "metal-stack.infrastructure.cluster.x-k8s.io/cluster";

    @Override
    @JsonPropertyDescription(
            "Spec is the wanted infrastructure: project, partition, optionally a network and address of one's own.")
    public MetalStackClusterSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "Status is what the operator observed: readiness, conditions, the network and address in use.")
    public MetalStackClusterStatus getStatus() {
        return super.getStatus();
    }
}

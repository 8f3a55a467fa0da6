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

/** One Cluster API Machine's metal-stack machine. */
@Group(InfrastructureKinds.GROUP)
@Version(InfrastructureKinds.VERSION)
@Kind("MetalStackMachine")
@Plural("metalstackmachines")
@Singular("metalstackmachine")
@ShortNames("msm")
@Categories(InfrastructureKinds.CATEGORY)
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".metadata.labels['cluster\\.x-k8s\\.io/cluster-name']",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "ProviderID", jsonPath = ".spec.providerID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = Type.STRING)
@AdditionalPrinterColumn(name = "Event", jsonPath = ".status.lastEvent", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class MetalStackMachine extends CustomResource<MetalStackMachineSpec, MetalStackMachineStatus>
        implements Namespaced {
    public static final String FINALIZER = "metal-stack.infrastructure.cluster.x-k8s.io/machine";

    @Override
    @JsonPropertyDescription("Spec is the wanted machine: image and size, optionally the exact machine, keys and tags.")
    public MetalStackMachineSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "Status is what the operator observed: readiness, conditions, the machine, its addresses and last event.")
    public MetalStackMachineStatus getStatus() {
        return super.getStatus();
    }
}

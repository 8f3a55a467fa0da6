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

/** The template MachineSets and KubeadmControlPlane clone it into MetalStackMachines. */
@Group(InfrastructureKinds.GROUP)
@Version(InfrastructureKinds.VERSION)
@Kind("MetalStackMachineTemplate")
@Plural("metalstackmachinetemplates")
@Singular("metalstackmachinetemplate")
@ShortNames("msmt")
@Categories(InfrastructureKinds.CATEGORY)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class MetalStackMachineTemplate extends CustomResource<MetalStackMachineTemplateSpec, Void>
        implements Namespaced {
    @Override
    @JsonPropertyDescription(
            "Spec holds the template MachineSets and KubeadmControlPlane clone it into MetalStackMachines.")
    public MetalStackMachineTemplateSpec getSpec() {
        return super.getSpec();
    }
}

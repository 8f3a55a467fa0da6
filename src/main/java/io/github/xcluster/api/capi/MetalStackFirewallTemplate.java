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

/** The firewall a MetalStackFirewallDeployment keeps running; a change of it rolls out a new firewall. */
@Group(InfrastructureKinds.GROUP)
@Version(InfrastructureKinds.VERSION)
@Kind("MetalStackFirewallTemplate")
@Plural("metalstackfirewalltemplates")
@Singular("metalstackfirewalltemplate")
@ShortNames("msfwtemplate")
@Categories(InfrastructureKinds.CATEGORY)
@AdditionalPrinterColumn(name = "Partition", jsonPath = ".spec.partition", type = Type.STRING)
@AdditionalPrinterColumn(name = "Project", jsonPath = ".spec.project", type = Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class MetalStackFirewallTemplate extends CustomResource<MetalStackFirewallTemplateSpec, Void>
        implements Namespaced {
    @Override
    @JsonPropertyDescription("Spec is the firewall: image, size, external networks and its initial rules.")
    public MetalStackFirewallTemplateSpec getSpec() {
        return super.getSpec();
    }
}

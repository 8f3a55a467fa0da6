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

/**
 * The firewall of a Cluster API cluster, kept running after its template: a change of the template brings a new
 * firewall machine up beside the old one, which is freed once the new one is ready.
 */
@Group(InfrastructureKinds.GROUP)
@Version(InfrastructureKinds.VERSION)
@Kind("MetalStackFirewallDeployment")
@Plural("metalstackfirewalldeployments")
@Singular("metalstackfirewalldeployment")
@ShortNames("msfwdeploy")
@Categories(InfrastructureKinds.CATEGORY)
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".metadata.labels['cluster\\.x-k8s\\.io/cluster-name']",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.firewallTemplateRef.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Deployment", jsonPath = ".spec.managedResourceRef.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Provisioned", jsonPath = ".status.initialization.provisioned", type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.activeFirewall", type = Type.STRING)
@AdditionalPrinterColumn(name = "Pending", jsonPath = ".status.pendingFirewall", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class MetalStackFirewallDeployment
        extends CustomResource<MetalStackFirewallDeploymentSpec, MetalStackFirewallDeploymentStatus>
        implements Namespaced {
    public static final String FINALIZER = "metal-stack.infrastructure.cluster.x-k8s.io/firewall-deployment";

    @Override
    @JsonPropertyDescription("Spec names the firewall template and how a change of it rolls out.")
    public MetalStackFirewallDeploymentSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "Status is what the operator observed: readiness, the firewall that serves, the one that comes.")
    public MetalStackFirewallDeploymentStatus getStatus() {
        return super.getStatus();
    }
}

package io.github.xcluster.api.tenancy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.xcluster.api.XCluster;

/**
 * Which namespaces may use a metal-stack project, and how much of it. Cluster-scoped, so that only whoever may
 * create cluster-wide objects (a platform team) grants a project to a team's namespaces.
 */
@Group(XCluster.GROUP)
@Version(ProjectBinding.VERSION)
@Kind("ProjectBinding")
@Plural("projectbindings")
@Singular("projectbinding")
@ShortNames("pbind")
@Categories(XCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Project", jsonPath = ".spec.projectID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Networks", jsonPath = ".spec.quota.networks", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Machines", jsonPath = ".spec.quota.machines", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class ProjectBinding extends CustomResource<ProjectBindingSpec, Void> {
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription(
            "Spec names the project, the namespaces whose XClusters, XFirewalls and Cluster API objects may use it,"
                    + " and an optional quota.")
    public ProjectBindingSpec getSpec() {
        return super.getSpec();
    }
}

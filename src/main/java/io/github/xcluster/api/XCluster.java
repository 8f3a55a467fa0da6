package io.github.xcluster.api;

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

/** A Kubernetes cluster's metal-stack footprint: a private network in a partition and its firewall. */
@Group(XCluster.GROUP)
@Version(XCluster.VERSION)
@Kind("XCluster")
@Plural("xclusters")
@Singular("xcluster")
@ShortNames("xcl")
@Categories(XCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Partition", jsonPath = ".spec.partition", type = Type.STRING)
@AdditionalPrinterColumn(name = "Project", jsonPath = ".spec.projectID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Network", jsonPath = ".status.privateNetworkID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Firewall", jsonPath = ".status.activeFirewall", type = Type.STRING)
@AdditionalPrinterColumn(name = "Pending", jsonPath = ".status.pendingFirewall", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class XCluster extends CustomResource<XClusterSpec, XClusterStatus> implements Namespaced {
    public static final String GROUP = "cluster.www.x-cellent.com";
    public static final String VERSION = "v1";
    public static final String CATEGORY = "metal-stack";
    /**
     * The Go operator's name, qualified with a path as Kubernetes recommends and java-operator-sdk
     * requires; distinct from the firewall's (the Go version reused the firewall's here).
     */
    public static final String FINALIZER = "xcluster.finalizers.cluster.www.x-cellent.com/finalizer";

    @Override
    @JsonPropertyDescription(
            "Spec is the wanted cluster footprint: partition, project, an optional existing private network and the firewall template.")
    public XClusterSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "Status is what the operator observed: readiness, conditions and the private network in use.")
    public XClusterStatus getStatus() {
        return super.getStatus();
    }
}

package io.github.xcluster.api;

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

/** A metal-stack firewall machine that connects a cluster's private network to the outside. */
@Group(XCluster.GROUP)
@Version(XCluster.VERSION)
@Kind("XFirewall")
@Plural("xfirewalls")
@Singular("xfirewall")
@ShortNames("xfw")
@Categories(XCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Machine", jsonPath = ".status.machineID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Last-Event", jsonPath = ".status.lastEvent", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class XFirewall extends CustomResource<XFirewallSpec, XFirewallStatus> implements Namespaced {
    public static final String FINALIZER = "xfirewall.finalizers.cluster.www.x-cellent.com/finalizer";
}

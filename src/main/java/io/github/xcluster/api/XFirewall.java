package io.github.xcluster.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
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
 * A metal-stack firewall machine that connects a cluster's private network to the outside. The
 * immutability rules sit here rather than on {@link XFirewallSpec}, which is also the XCluster's
 * firewall template, whose fields may change.
 */
@Group(XCluster.GROUP)
@Version(XCluster.VERSION)
@Kind("XFirewall")
@Plural("xfirewalls")
@Singular("xfirewall")
@ShortNames("xfw")
@Categories(XCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "Role",
        jsonPath = ".metadata.labels.cluster\\.www\\.x-cellent\\.com/firewall-role",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Machine", jsonPath = ".status.machineID", type = Type.STRING)
@AdditionalPrinterColumn(name = "Last-Event", jsonPath = ".status.lastEvent", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec) && has(self.spec.partitionID) == has(oldSelf.spec.partitionID)"
                + " && (!has(self.spec.partitionID) || self.spec.partitionID == oldSelf.spec.partitionID)",
        fieldPath = ".spec.partitionID",
        message = "is immutable; " + XFirewall.WHY_PARTITION_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec) && has(self.spec.projectID) == has(oldSelf.spec.projectID)"
                + " && (!has(self.spec.projectID) || self.spec.projectID == oldSelf.spec.projectID)",
        fieldPath = ".spec.projectID",
        message = "is immutable; " + XFirewall.WHY_PROJECT_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || !has(oldSelf.spec.privateNetworkID) || has(self.spec)"
                + " && has(self.spec.privateNetworkID) && self.spec.privateNetworkID == oldSelf.spec.privateNetworkID",
        fieldPath = ".spec.privateNetworkID",
        message = "is immutable once set; " + XFirewall.WHY_PRIVATE_NETWORK_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec) && has(self.spec.image) == has(oldSelf.spec.image)"
                + " && (!has(self.spec.image) || self.spec.image == oldSelf.spec.image)",
        fieldPath = ".spec.image",
        message = "is immutable; " + XFirewall.WHY_IMAGE_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec) && has(self.spec.size) == has(oldSelf.spec.size)"
                + " && (!has(self.spec.size) || self.spec.size == oldSelf.spec.size)",
        fieldPath = ".spec.size",
        message = "is immutable; " + XFirewall.WHY_SIZE_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec) && has(self.spec.machineID) == has(oldSelf.spec.machineID)"
                + " && (!has(self.spec.machineID) || self.spec.machineID == oldSelf.spec.machineID)",
        fieldPath = ".spec.machineID",
        message = "is immutable; " + XFirewall.WHY_MACHINE_IMMUTABLE)
@ValidationRule(
        value =
                "!has(oldSelf.spec) || has(self.spec) && has(self.spec.sshPublicKeys) == has(oldSelf.spec.sshPublicKeys)"
                        + " && (!has(self.spec.sshPublicKeys) || self.spec.sshPublicKeys == oldSelf.spec.sshPublicKeys)",
        fieldPath = ".spec.sshPublicKeys",
        message = "is immutable; " + XFirewall.WHY_KEYS_IMMUTABLE)
@ValidationRule(
        value = "!has(oldSelf.spec) || has(self.spec)"
                + " && has(self.spec.initialRuleSet) == has(oldSelf.spec.initialRuleSet)"
                + " && (!has(self.spec.initialRuleSet) || self.spec.initialRuleSet == oldSelf.spec.initialRuleSet)",
        fieldPath = ".spec.initialRuleSet",
        message = "is immutable; " + XFirewall.WHY_RULES_IMMUTABLE)
public class XFirewall extends CustomResource<XFirewallSpec, XFirewallStatus> implements Namespaced {
    private static final String GROUP_PREFIX = XCluster.GROUP + "/";
    public static final String FINALIZER = "xfirewall.finalizers.cluster.www.x-cellent.com/finalizer";

    /** The label an XCluster keeps on its XFirewalls: {@code active} for the one serving, {@code pending} for the next. */
    public static final String ROLE_LABEL = GROUP_PREFIX + "firewall-role";
    /** The label that ties an XCluster's XFirewall to the template it was made from. */
    public static final String TEMPLATE_HASH_LABEL = GROUP_PREFIX + "template-hash";

    private static final String NEEDS_NEW_FIREWALL =
            "changing it needs a new firewall: create another XFirewall and delete this one, or let an XCluster's"
                    + " template roll it out";
    public static final String WHY_PARTITION_IMMUTABLE =
            "the firewall machine is in that partition; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_PROJECT_IMMUTABLE =
            "the firewall machine is allocated for that project; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_PRIVATE_NETWORK_IMMUTABLE =
            "the firewall is attached to that network; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_IMAGE_IMMUTABLE =
            "the firewall machine is installed with that image; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_SIZE_IMMUTABLE = "the firewall machine has that size; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_KEYS_IMMUTABLE =
            "the keys were authorized when the firewall machine was installed; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_RULES_IMMUTABLE =
            "metal-api installs the rules when it allocates the firewall; " + NEEDS_NEW_FIREWALL;
    public static final String WHY_MACHINE_IMMUTABLE = "the firewall runs on that machine; " + NEEDS_NEW_FIREWALL;

    @Override
    @JsonPropertyDescription("Spec is the wanted firewall: image, size, networks and where it is allocated.")
    public XFirewallSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription(
            "Status is what the operator observed: readiness, conditions and the allocated machine's state.")
    public XFirewallStatus getStatus() {
        return super.getStatus();
    }
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.github.xcluster.api.TemplateMetadata;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import java.util.Map;

/** The XFirewall an XCluster owns: its template, plus the cluster's partition, project and network. */
final class FirewallTemplate {
    private FirewallTemplate() {}

    static XFirewall render(XCluster cluster, String privateNetworkId) {
        XFirewallSpec template = cluster.getSpec().getXFirewallTemplate() == null
                        || cluster.getSpec().getXFirewallTemplate().getSpec() == null
                ? new XFirewallSpec()
                : cluster.getSpec().getXFirewallTemplate().getSpec();
        TemplateMetadata metadata = cluster.getSpec().getXFirewallTemplate() == null
                ? null
                : cluster.getSpec().getXFirewallTemplate().getMetadata();
        XFirewallSpec spec = new XFirewallSpec();
        spec.setDefaultNetworkID(template.getDefaultNetworkID());
        spec.setImage(template.getImage());
        spec.setSize(template.getSize());
        spec.setMachineID(template.getMachineID());
        spec.setSshPublicKeys(template.getSshPublicKeys());
        spec.setInitialRuleSet(template.getInitialRuleSet());
        spec.setPartitionID(cluster.getSpec().getPartition());
        spec.setProjectID(cluster.getSpec().getProjectID());
        spec.setPrivateNetworkID(privateNetworkId);

        XFirewall firewall = new XFirewall();
        firewall.setMetadata(new ObjectMetaBuilder()
                .withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(metadata == null || metadata.getLabels() == null ? Map.of() : metadata.getLabels())
                .withAnnotations(
                        metadata == null || metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind(cluster.getKind())
                        .withName(cluster.getMetadata().getName())
                        .withUid(cluster.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build());
        firewall.setSpec(spec);
        return firewall;
    }

    static boolean isOwnedBy(HasMetadata owned, XCluster cluster) {
        return owned.getMetadata().getOwnerReferences().stream()
                .anyMatch(reference -> cluster.getMetadata().getUid().equals(reference.getUid()));
    }
}

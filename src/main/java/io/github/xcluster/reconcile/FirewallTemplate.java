package io.github.xcluster.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.TemplateMetadata;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The XFirewalls an XCluster owns: the spec its template asks for (plus the cluster's partition, project and network),
 * a hash of that spec that tells a firewall of the current template from an older one, and the object itself.
 */
final class FirewallTemplate {
    /** Which XCluster an XFirewall belongs to, for {@code kubectl get xfirewall -l}. */
    static final String CLUSTER_LABEL = XCluster.GROUP + "/xcluster";

    static final String ROLE_ACTIVE = "active";
    static final String ROLE_PENDING = "pending";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final int HASH_LENGTH = 10;

    /** What a rollout reads of an XFirewall: its labels, its status and its metadata. */
    static final FirewallRollout.Facts<XFirewall> ROLLOUT_FACTS = new FirewallRollout.Facts<>() {
        @Override
        public String hashOf(XFirewall firewall) {
            return FirewallTemplate.hashOf(firewall);
        }

        @Override
        public boolean isReady(XFirewall firewall) {
            return FirewallTemplate.isReady(firewall);
        }

        @Override
        public boolean servedLast(XFirewall firewall) {
            return ROLE_ACTIVE.equals(roleOf(firewall));
        }

        @Override
        public Instant created(XFirewall firewall) {
            return FirewallTemplate.created(firewall);
        }

        @Override
        public boolean isDeleting(XFirewall firewall) {
            return firewall.getMetadata().getDeletionTimestamp() != null;
        }

        @Override
        public String name(XFirewall firewall) {
            return firewall.getMetadata().getName();
        }
    };

    private FirewallTemplate() {}

    static boolean isReady(XFirewall firewall) {
        return firewall.getStatus() != null && firewall.getStatus().isReady();
    }

    static Instant created(XFirewall firewall) {
        String timestamp = firewall.getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }

    /** The firewall spec the cluster's template asks for now, placed in the cluster's partition, project and network. */
    static XFirewallSpec wantedSpec(XCluster cluster, String privateNetworkId) {
        XFirewallSpec template = cluster.getSpec().getXFirewallTemplate() == null
                        || cluster.getSpec().getXFirewallTemplate().getSpec() == null
                ? new XFirewallSpec()
                : cluster.getSpec().getXFirewallTemplate().getSpec();
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
        return spec;
    }

    /** Equal for equal specs, whatever the order of their fields; short enough for a label and a name suffix. */
    static String hash(Object spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a firewall spec", e);
        }
    }

    /**
     * The hash of the template an XFirewall was made from: its label, or for one made before the label existed (by
     * an older operator or the Go xcluster), the hash of its own spec.
     */
    static String hashOf(XFirewall firewall) {
        Map<String, String> labels = firewall.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(XFirewall.TEMPLATE_HASH_LABEL);
        return label != null ? label : hash(firewall.getSpec() == null ? new XFirewallSpec() : firewall.getSpec());
    }

    static String roleOf(XFirewall firewall) {
        Map<String, String> labels = firewall.getMetadata().getLabels();
        return labels == null ? null : labels.get(XFirewall.ROLE_LABEL);
    }

    /**
     * The XFirewall {@code name} of the cluster with {@code spec}, with the template's metadata, our labels and the
     * cluster's deletion policy.
     */
    static XFirewall render(XCluster cluster, XFirewallSpec spec, String name, String role) {
        TemplateMetadata metadata = cluster.getSpec().getXFirewallTemplate() == null
                ? null
                : cluster.getSpec().getXFirewallTemplate().getMetadata();
        Map<String, String> labels = new LinkedHashMap<>();
        if (metadata != null && metadata.getLabels() != null) {
            labels.putAll(metadata.getLabels());
        }
        labels.put(CLUSTER_LABEL, cluster.getMetadata().getName());
        labels.put(XFirewall.TEMPLATE_HASH_LABEL, hash(spec));
        labels.put(XFirewall.ROLE_LABEL, role);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (metadata != null && metadata.getAnnotations() != null) {
            annotations.putAll(metadata.getAnnotations());
        }
        Optional.ofNullable(DeletionPolicy.annotationOf(cluster))
                .ifPresent(policy -> annotations.put(DeletionPolicy.ANNOTATION, policy));
        XFirewall firewall = new XFirewall();
        firewall.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
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

package io.github.xcluster.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The XFirewalls one XCluster owns, as Kubernetes objects: listed, created under a free name, deleted, marked. One
 * instance serves one reconciliation and asks the API server at most once for the firewalls that carry the
 * cluster's label or its name, never for the whole namespace: with N clusters in it, that answer grows with N.
 */
final class ClusterFirewalls {
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final XCluster cluster;
    private List<XFirewall> listed;

    ClusterFirewalls(KubernetesClient client, XCluster cluster) {
        this.client = client;
        this.cluster = cluster;
    }

    /** From the informer's cache: cheap, but it may not show a firewall created a moment ago. */
    static List<XFirewall> cached(Context<XCluster> context, XCluster cluster) {
        return context.getSecondaryResources(XFirewall.class).stream()
                .filter(firewall -> FirewallTemplate.isOwnedBy(firewall, cluster))
                .toList();
    }

    /** From the API server, for decisions that allocate. */
    List<XFirewall> live() {
        return listed().stream()
                .filter(firewall -> FirewallTemplate.isOwnedBy(firewall, cluster))
                .toList();
    }

    /**
     * Creates the firewall of {@code spec} under the first free name of: the cluster's (as the Go xcluster names its
     * firewall), the cluster's with the spec's hash, then that with a counter. The caller has just seen from the API
     * server ({@link #live}, the same listing) that the cluster owns no firewall of this spec, so a taken name is
     * someone else's and is never adopted.
     */
    XFirewall create(XFirewallSpec spec, String role) {
        Set<String> taken = listed().stream()
                .map(firewall -> firewall.getMetadata().getName())
                .collect(Collectors.toSet());
        String clusterName = cluster.getMetadata().getName();
        String hashed = clusterName + "-" + FirewallTemplate.hash(spec);
        Iterator<String> names = Stream.concat(
                        Stream.of(clusterName, hashed),
                        IntStream.iterate(2, i -> i + 1).mapToObj(i -> hashed + "-" + i))
                .filter(candidate -> !taken.contains(candidate))
                .iterator();
        while (true) {
            try {
                return client.resource(FirewallTemplate.render(cluster, spec, names.next(), role))
                        .create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                // someone else's object, with neither the cluster's label nor its name: try the next name
            }
        }
    }

    /**
     * The XFirewall that has the cluster's own name (the name the Go xcluster gives its firewall) but no owner
     * reference to it: someone else's, which {@link #create} steps around and never adopts.
     */
    Optional<XFirewall> foreignNamesake() {
        return listed().stream()
                .filter(firewall -> firewall.getMetadata()
                        .getName()
                        .equals(cluster.getMetadata().getName()))
                .filter(firewall -> !FirewallTemplate.isOwnedBy(firewall, cluster))
                .findFirst();
    }

    void delete(XFirewall firewall) {
        client.resource(firewall).delete();
    }

    /**
     * Sets the role label and the cluster's deletion policy unless they are set already: one merge patch, no read
     * (patching by name alone would GET the object first, which the operator's role does not grant).
     */
    void mark(XFirewall firewall, String role) {
        String policy = DeletionPolicy.annotationOf(cluster);
        if (role.equals(FirewallTemplate.roleOf(firewall))
                && Objects.equals(policy, DeletionPolicy.annotationOf(firewall))) {
            return;
        }
        ObjectNode metadata = Serialization.jsonMapper().createObjectNode();
        metadata.putObject("labels").put(XFirewall.ROLE_LABEL, role);
        metadata.putObject("annotations").put(DeletionPolicy.ANNOTATION, policy);
        client.resource(firewall)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.jsonMapper()
                                .createObjectNode()
                                .set("metadata", metadata)
                                .toString());
    }

    /**
     * The firewalls with the cluster's label, which it gives every firewall it makes, and the one with the cluster's
     * name, which the Go xcluster gives its only firewall (without the label): two small lists.
     */
    private List<XFirewall> listed() {
        if (listed == null) {
            String namespace = cluster.getMetadata().getNamespace();
            String name = cluster.getMetadata().getName();
            Map<String, XFirewall> byName = new LinkedHashMap<>();
            Stream.concat(
                            client
                                    .resources(XFirewall.class)
                                    .inNamespace(namespace)
                                    .withLabel(FirewallTemplate.CLUSTER_LABEL, name)
                                    .list()
                                    .getItems()
                                    .stream(),
                            client
                                    .resources(XFirewall.class)
                                    .inNamespace(namespace)
                                    .withField("metadata.name", name)
                                    .list()
                                    .getItems()
                                    .stream())
                    .forEach(firewall ->
                            byName.putIfAbsent(firewall.getMetadata().getName(), firewall));
            listed = List.copyOf(byName.values());
        }
        return listed;
    }
}

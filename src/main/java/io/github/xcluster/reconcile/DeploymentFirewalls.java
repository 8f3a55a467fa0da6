package io.github.xcluster.reconcile;

import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.api.capi.MetalStackFirewallTemplateSpec;
import io.github.xcluster.api.capi.NameReference;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The firewall machines of one MetalStackFirewallDeployment, kept in metal-api alone: found by the deployment's
 * namespace and name (a tag that survives {@code clusterctl move}), each with a tag of the template hash it was
 * allocated for; the one that served last is the machine {@code spec.managedResourceRef} names. So a restarted or
 * moved operator reads the whole rollout from metal-api and the object.
 */
final class DeploymentFirewalls {
    static final String DEPLOYMENT_RESOURCE =
            "metal-stack.infrastructure.cluster.x-k8s.io/firewall-deployment-resource";
    static final String TEMPLATE_HASH = "metal-stack.infrastructure.cluster.x-k8s.io/firewall-template-hash";
    private static final String MANAGED_PREFIX = "metal://";

    private final MetalApi metal;
    private final MetalStackFirewallDeployment deployment;
    private final String clusterId;

    DeploymentFirewalls(MetalApi metal, MetalStackFirewallDeployment deployment, String clusterId) {
        this.metal = metal;
        this.deployment = deployment;
        this.clusterId = clusterId;
    }

    /** The wanted firewall: the template with the cluster's placement and node network, and the image to install. */
    record Wanted(MetalStackFirewallTemplateSpec template, String image, String nodeNetworkId) {
        String hash() {
            return FirewallTemplate.hash(this);
        }
    }

    List<Machine> find() {
        return metal.findFirewalls(new MachineQuery(
                null, null, null, List.of(ClusterMarks.clusterTag(clusterId), deploymentTag(deployment))));
    }

    Machine allocate(MetalStackCluster cluster, Wanted wanted) {
        String hash = wanted.hash();
        String name = deployment.getMetadata().getName() + "-" + hash;
        List<String> networks = new ArrayList<>(wanted.template().getNetworks());
        networks.add(wanted.nodeNetworkId());
        return metal.allocateFirewall(
                new MachineAllocationRequest(
                        name,
                        name,
                        "firewall of Cluster API cluster "
                                + deployment.getMetadata().getNamespace() + "/"
                                + ClusterApiObjects.clusterName(cluster)
                                        .orElse(cluster.getMetadata().getName()),
                        cluster.getSpec().getProjectID(),
                        cluster.getSpec().getPartition(),
                        wanted.template().getSize(),
                        wanted.image(),
                        null,
                        networks,
                        List.of(
                                ClusterMarks.clusterTag(clusterId),
                                deploymentTag(deployment),
                                TEMPLATE_HASH + "=" + hash),
                        wanted.template().getSshPublicKeys(),
                        null,
                        List.of(),
                        List.of()),
                FirewallRuleMapping.of(wanted.template().getInitialRuleSet()));
    }

    /** Frees the machine; false if it was gone already. */
    boolean free(Machine machine) {
        try {
            metal.freeMachine(machine.id());
            return true;
        } catch (MetalApiException.NotFound alreadyGone) {
            return false;
        }
    }

    /** How the deployment records the firewall that serves, as metal-stack's provider does. */
    static String managedResourceName(MetalStackCluster cluster, Machine machine) {
        return MANAGED_PREFIX + cluster.getSpec().getPartition() + "/" + machine.id();
    }

    /** The machine id {@code spec.managedResourceRef} names, if any. */
    static Optional<String> servedLastId(MetalStackFirewallDeployment deployment) {
        NameReference reference = deployment.getSpec().getManagedResourceRef();
        if (reference == null
                || reference.getName() == null
                || !reference.getName().startsWith(MANAGED_PREFIX)) {
            return Optional.empty();
        }
        String path = reference.getName().substring(MANAGED_PREFIX.length());
        return Optional.of(path.substring(path.indexOf('/') + 1));
    }

    static String deploymentTag(MetalStackFirewallDeployment deployment) {
        return DEPLOYMENT_RESOURCE + "=" + deployment.getMetadata().getNamespace() + "."
                + deployment.getMetadata().getName();
    }

    /** What a rollout reads of a firewall machine: its hash tag, its provisioning, the deployment's record. */
    FirewallRollout.Facts<Machine> facts() {
        Optional<String> servedLast = servedLastId(deployment);
        return new FirewallRollout.Facts<>() {
            @Override
            public String hashOf(Machine machine) {
                String prefix = TEMPLATE_HASH + "=";
                return machine.tags().stream()
                        .filter(tag -> tag.startsWith(prefix))
                        .map(tag -> tag.substring(prefix.length()))
                        .findFirst()
                        .orElse("");
            }

            @Override
            public boolean isReady(Machine machine) {
                return MachineReadiness.isReady(machine);
            }

            @Override
            public boolean servedLast(Machine machine) {
                return servedLast.map(machine.id()::equals).orElse(false);
            }

            @Override
            public Instant created(Machine machine) {
                return machine.allocation() == null || machine.allocation().created() == null
                        ? Instant.MAX
                        : machine.allocation().created();
            }

            @Override
            public boolean isDeleting(Machine machine) {
                return false;
            }

            @Override
            public String name(Machine machine) {
                return machine.id();
            }
        };
    }
}

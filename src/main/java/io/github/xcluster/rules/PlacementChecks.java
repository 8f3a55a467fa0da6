package io.github.xcluster.rules;

import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.metal.Partition;
import java.util.Optional;

/** Where a cluster or firewall goes: partition, project, and an existing private network. */
public final class PlacementChecks {
    private final CachingMetalLookups lookups;

    PlacementChecks(CachingMetalLookups lookups) {
        this.lookups = lookups;
    }

    /** @return whether the partition exists; denies when it does not */
    public boolean partitionExists(Findings findings, String field, String partitionId) {
        if (lookups.partition(partitionId).isPresent()) {
            return true;
        }
        findings.deny(
                field,
                "partition "
                        + Quoted.of(partitionId)
                        + " does not exist"
                        + ValidChoices.of(
                                "partitions",
                                lookups.partitions().stream().map(Partition::id).toList()));
        return false;
    }

    /** @return whether the project exists; denies when it does not */
    public boolean projectExists(Findings findings, String field, String projectId) {
        if (lookups.project(projectId).isPresent()) {
            return true;
        }
        findings.deny(field, "project " + Quoted.of(projectId) + " does not exist");
        return false;
    }

    /**
     * The network must be a private network of this project in this partition. Another project's private network
     * is denied as one that does not exist, so that a denial tells nobody what other tenants have; shared
     * (non-private) networks such as the internet are no tenant's secret.
     */
    public void privateNetwork(
            Findings findings, String field, String networkId, String projectId, String partitionId) {
        Optional<Network> found = lookups.network(networkId);
        String quoted = "network " + Quoted.of(networkId);
        if (found.isPresent() && !found.get().isPrivate()) {
            findings.deny(field, quoted + " is not a private network" + projectNetworkChoices(projectId, partitionId));
            return;
        }
        if (found.isEmpty() || !projectId.equals(found.get().projectId())) {
            findings.deny(
                    field,
                    quoted + " does not exist in project " + Quoted.of(projectId)
                            + projectNetworkChoices(projectId, partitionId));
            return;
        }
        Network network = found.get();
        if (!partitionId.equals(network.partitionId())) {
            findings.deny(
                    field,
                    quoted
                            + " is in partition "
                            + Quoted.of(network.partitionId())
                            + ", not in partition "
                            + Quoted.of(partitionId));
        }
    }

    private String projectNetworkChoices(String projectId, String partitionId) {
        return ValidChoices.of(
                "private networks of the project in the partition",
                lookups.findNetworks(new NetworkQuery(projectId, partitionId, null)).stream()
                        .filter(Network::isPrivate)
                        .map(Network::id)
                        .toList());
    }
}

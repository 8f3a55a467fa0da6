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

    /** The network must be a private network of this project in this partition. */
    public void privateNetwork(
            Findings findings, String field, String networkId, String projectId, String partitionId) {
        Optional<Network> found = lookups.network(networkId);
        String quoted = "network " + Quoted.of(networkId);
        if (found.isEmpty()) {
            findings.deny(field, quoted + " does not exist" + projectNetworkChoices(projectId, partitionId));
            return;
        }
        Network network = found.get();
        if (!network.isPrivate()) {
            findings.deny(field, quoted + " is not a private network" + projectNetworkChoices(projectId, partitionId));
            return;
        }
        if (!projectId.equals(network.projectId())) {
            findings.deny(field, quoted + " belongs to another project, not to project " + Quoted.of(projectId));
        }
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

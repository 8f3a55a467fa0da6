package io.github.xcluster.metal;

import java.time.Instant;
import java.util.List;

/**
 * A machine or firewall as metal-api reports it. {@code allocation} is null for a free machine;
 * {@code lastEvent} is the newest entry of the provisioning event log.
 */
public record Machine(
        String id,
        String name,
        String partitionId,
        String sizeId,
        String rackId,
        Allocation allocation,
        List<String> tags,
        String liveliness,
        String lastEvent,
        Instant lastEventTime,
        boolean crashLoop,
        boolean failedMachineReclaim,
        String stateValue) {

    public record Allocation(
            String name,
            String hostname,
            String projectId,
            String role,
            String imageId,
            List<AllocatedNetwork> networks,
            Instant created) {

        public List<String> networkIds() {
            return networks.stream().map(AllocatedNetwork::networkId).toList();
        }
    }

    /**
     * One network of an allocation with the machine's addresses in it. {@code networkType} is what the network is to
     * this machine ({@code privateprimaryunshared}, {@code privateprimaryshared}, {@code privatesecondaryshared},
     * {@code external}, {@code underlay}); {@code networkTypeV2} is the network's own type ({@code child},
     * {@code child-shared}, {@code external}, {@code underlay}). All networks of a machine carry its one ASN.
     */
    public record AllocatedNetwork(
            String networkId,
            String projectId,
            String networkType,
            String networkTypeV2,
            List<String> prefixes,
            List<String> ips,
            long vrf,
            long asn,
            boolean isPrivate,
            boolean underlay) {}

    public boolean isAllocated() {
        return allocation != null;
    }
}

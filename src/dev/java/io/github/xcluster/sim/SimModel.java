package io.github.xcluster.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The simulator's own records of the world it serves. */
final class SimModel {
    private SimModel() {}

    record Partition(String id, String name, String description) {}

    record Project(String id, String name, String description, String tenantId) {}

    record Size(String id, String name, String description, int cores, long memoryBytes, long storageBytes) {}

    record Image(
            String id,
            String name,
            String description,
            String os,
            Semver version,
            Set<String> features,
            String classification,
            Instant expirationDate,
            Instant created) {}

    /** Forbids image versions of one OS on a size unless the constraint holds. */
    record SizeImageConstraint(String sizeId, String os, String constraint) {}

    static final class Network {
        final String id;
        final String name;
        final String description;
        final String partitionId;
        final String projectId;
        final String parentNetworkId;
        final Map<String, String> labels;
        final List<String> prefixes;
        final boolean privateSuper;
        final boolean underlay;
        final boolean nat;
        final boolean shared;
        final long vrf;
        final String networkType;
        final Integer defaultChildPrefixLength;
        final Instant created;

        Network(
                String id,
                String name,
                String description,
                String partitionId,
                String projectId,
                String parentNetworkId,
                Map<String, String> labels,
                List<String> prefixes,
                boolean privateSuper,
                boolean underlay,
                boolean nat,
                boolean shared,
                long vrf,
                String networkType,
                Integer defaultChildPrefixLength,
                Instant created) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.partitionId = partitionId;
            this.projectId = projectId;
            this.parentNetworkId = parentNetworkId;
            this.labels = new LinkedHashMap<>(labels);
            this.prefixes = List.copyOf(prefixes);
            this.privateSuper = privateSuper;
            this.underlay = underlay;
            this.nat = nat;
            this.shared = shared;
            this.vrf = vrf;
            this.networkType = networkType;
            this.defaultChildPrefixLength = defaultChildPrefixLength;
            this.created = created;
        }

        boolean isChild() {
            return parentNetworkId != null;
        }

        String natType() {
            return nat ? "ipv4-masq" : "none";
        }
    }

    /**
     * An allocated address, keyed by the address as metal-api's ip table is. A machine using it is
     * named by a {@code machine.metal-stack.io/id=<id>} tag; tags are kept sorted and distinct.
     */
    record Ip(
            String address,
            String allocationUuid,
            String networkId,
            String prefix,
            String projectId,
            String type,
            String name,
            String description,
            List<String> tags,
            Instant created,
            Instant changed) {
        static final String EPHEMERAL = "ephemeral";
        static final String STATIC = "static";
        static final String MACHINE_TAG = "machine.metal-stack.io/id";

        Ip {
            tags = List.copyOf(new TreeSet<>(tags));
        }

        static String machineTag(String machineId) {
            return MACHINE_TAG + "=" + machineId;
        }

        /** Machine scope: the address is attached to a machine, so it cannot be freed on its own. */
        boolean usedByMachine() {
            return tags.stream().anyMatch(tag -> tag.startsWith(MACHINE_TAG));
        }

        Ip withTags(List<String> newTags, Instant now) {
            return new Ip(
                    address,
                    allocationUuid,
                    networkId,
                    prefix,
                    projectId,
                    type,
                    name,
                    description,
                    newTags,
                    created,
                    now);
        }
    }

    record Event(Instant time, String event, String message) {}

    record AllocatedNetwork(String networkId, List<String> ips) {}

    /**
     * A network as one machine's allocation shows it: {@code networkType} is what the network is to the machine
     * (metal-lib's {@code privateprimaryunshared}, {@code external} ...), {@code networkTypeV2} the network's own type.
     */
    record MachineNetwork(
            String networkId,
            String projectId,
            String networkType,
            String networkTypeV2,
            String natTypeV2,
            List<String> prefixes,
            List<String> ips,
            List<String> destinationPrefixes,
            long vrf,
            long asn,
            boolean nat,
            boolean isPrivate,
            boolean underlay) {}

    /**
     * A firewall's {@code firewall_rules}, as requested and, with each protocol lower-cased, as stored; lists and
     * fields left out of the request stay null, as in metal-api.
     */
    record FirewallRules(List<EgressRule> egress, List<IngressRule> ingress) {}

    record EgressRule(String protocol, List<Long> ports, List<String> to, String comment) {}

    record IngressRule(String protocol, List<Long> ports, List<String> to, List<String> from, String comment) {}

    /**
     * {@code asn} is the one the machine announces on all its networks, given back when it is freed;
     * {@code firewallRules} is null unless a firewall was given rules.
     */
    record Allocation(
            String uuid,
            String name,
            String description,
            String hostname,
            String projectId,
            String creator,
            String role,
            Image image,
            List<String> sshPubKeys,
            String userData,
            List<MachineNetwork> networks,
            long asn,
            FirewallRules firewallRules,
            Instant created) {}

    static final class Machine {
        final String id;
        final String partitionId;
        final String sizeId;
        final String rackId;
        final Instant created;
        final List<Event> events = new ArrayList<>();
        final Set<String> tags = new LinkedHashSet<>();
        Allocation allocation;
        String stateValue = "";
        boolean crashLoop;
        Event lastErrorEvent;
        /** Set while an injected crash loop replaces the machine's provisioning. */
        boolean crashing;

        boolean failedMachineReclaim;
        /** True while the idle machine waits for an allocation (its last event is Waiting). */
        boolean waiting = true;

        Machine(String id, String partitionId, String sizeId, String rackId, Instant created) {
            this.id = id;
            this.partitionId = partitionId;
            this.sizeId = sizeId;
            this.rackId = rackId;
            this.created = created;
        }

        /** Appends an event and updates {@code crash_loop} as metal-api's provisioning state machine does. */
        void record(Event event) {
            switch (event.event()) {
                case "Crashed" -> {
                    crashLoop = true;
                    lastErrorEvent = event;
                }
                case "Phoned Home", "Machine Reclaim", "Planned Reboot" -> crashLoop = false;
                default -> {}
            }
            events.add(0, event);
            if (events.size() > 20) {
                events.remove(events.size() - 1);
            }
        }

        String lastEvent() {
            return events.isEmpty() ? null : events.get(0).event();
        }

        boolean isAllocatable() {
            return allocation == null && waiting && stateValue.isEmpty();
        }
    }
}

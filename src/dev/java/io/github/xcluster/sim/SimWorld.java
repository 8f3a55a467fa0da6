package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.AllocatedNetwork;
import io.github.xcluster.sim.SimModel.Allocation;
import io.github.xcluster.sim.SimModel.Event;
import io.github.xcluster.sim.SimModel.FirewallRules;
import io.github.xcluster.sim.SimModel.Image;
import io.github.xcluster.sim.SimModel.Ip;
import io.github.xcluster.sim.SimModel.Machine;
import io.github.xcluster.sim.SimModel.MachineNetwork;
import io.github.xcluster.sim.SimModel.Network;
import io.github.xcluster.sim.SimModel.Partition;
import io.github.xcluster.sim.SimModel.Project;
import io.github.xcluster.sim.SimRequests.AllocationNetwork;
import io.github.xcluster.sim.SimRequests.IpAllocate;
import io.github.xcluster.sim.SimRequests.IpFind;
import io.github.xcluster.sim.SimRequests.MachineAllocate;
import io.github.xcluster.sim.SimRequests.MachineFind;
import io.github.xcluster.sim.SimRequests.NetworkAllocate;
import io.github.xcluster.sim.SimRequests.NetworkFind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The simulated metal-api's state and rules. Every operation holds the world's lock, so concurrent
 * callers never get the same prefix or machine.
 */
final class SimWorld {
    static final String ROLE_FIREWALL = "firewall";
    static final String ROLE_MACHINE = "machine";

    private final Clock clock;
    private final SimCatalog catalog = new SimCatalog();
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, PrefixPool> prefixPools = new HashMap<>();
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final IpTable ips;
    private final Set<Long> usedVrfs = new HashSet<>();
    private final AsnPool asns = new AsnPool();
    private long nextVrf = 30;

    SimWorld(Clock clock) {
        this.clock = clock;
        this.ips = new IpTable(clock);
    }

    Clock clock() {
        return clock;
    }

    /** The partitions, projects, sizes and images this world is seeded with. */
    SimCatalog catalog() {
        return catalog;
    }

    // ----- seeding

    synchronized void addNetwork(Network network) {
        networks.put(network.id, network);
        if (network.privateSuper) {
            prefixPools.put(network.id, new PrefixPool(network.prefixes.get(0), network.defaultChildPrefixLength));
        }
    }

    synchronized void addMachine(Machine machine) {
        machines.put(machine.id, machine);
    }

    // ----- capacity

    /** Machine counts per partition and size, like {@code POST /v1/partition/capacity}. */
    synchronized Map<Partition, Map<String, int[]>> capacity(String partitionId, String sizeId) {
        if (partitionId != null && !catalog.hasPartition(partitionId)) {
            throw SimError.badRequest("partition:" + partitionId + " not found");
        }
        Map<Partition, Map<String, int[]>> result = new LinkedHashMap<>();
        for (Machine machine : machines.values()) {
            if ((partitionId != null && !partitionId.equals(machine.partitionId))
                    || (sizeId != null && !sizeId.equals(machine.sizeId))) {
                continue;
            }
            int[] counts = result.computeIfAbsent(catalog.partition(machine.partitionId), p -> new LinkedHashMap<>())
                    .computeIfAbsent(machine.sizeId, s -> new int[4]);
            counts[0]++;
            if (machine.allocation != null) {
                counts[1]++;
            } else if (machine.isAllocatable()) {
                counts[2]++;
            }
            if (machine.waiting) {
                counts[3]++;
            }
        }
        return result;
    }

    // ----- networks

    synchronized Network allocateNetwork(NetworkAllocate request) {
        if (blank(request.projectid())) {
            throw SimError.badRequest("projectid should not be empty");
        }
        if (blank(request.partitionid())) {
            throw SimError.badRequest("partitionid should not be empty");
        }
        catalog.project(request.projectid());
        catalog.partition(request.partitionid());
        Network superNetwork = networks.values().stream()
                .filter(n -> n.privateSuper && n.partitionId.equals(request.partitionid()))
                .findFirst()
                .orElseThrow(() ->
                        SimError.notFound("no privatesuper network found for partition " + request.partitionid()));
        String prefix = prefixPools.get(superNetwork.id).allocate();
        if (prefix == null) {
            throw SimError.unprocessable("no prefix available in super network " + superNetwork.id);
        }
        boolean shared = Boolean.TRUE.equals(request.shared());
        Network network = new Network(
                UUID.randomUUID().toString(),
                nullToEmpty(request.name()),
                nullToEmpty(request.description()),
                request.partitionid(),
                request.projectid(),
                superNetwork.id,
                request.labels() == null ? Map.of() : request.labels(),
                List.of(prefix),
                false,
                false,
                Boolean.TRUE.equals(request.nat()),
                shared,
                takeVrf(),
                shared ? "child-shared" : "child",
                null,
                clock.instant());
        networks.put(network.id, network);
        return network;
    }

    synchronized Network network(String id) {
        return SimError.existing(networks, "network", id);
    }

    synchronized List<Network> findNetworks(NetworkFind find) {
        return networks.values().stream()
                .filter(n -> find.id() == null || find.id().equals(n.id))
                .filter(n -> find.name() == null || find.name().equals(n.name))
                .filter(n -> find.partitionid() == null || find.partitionid().equals(n.partitionId))
                .filter(n -> find.projectid() == null || find.projectid().equals(n.projectId))
                .filter(n ->
                        find.parentnetworkid() == null || find.parentnetworkid().equals(n.parentNetworkId))
                .filter(n -> find.nat() == null || find.nat() == n.nat)
                .filter(n -> find.privatesuper() == null || find.privatesuper() == n.privateSuper)
                .filter(n -> find.underlay() == null || find.underlay() == n.underlay)
                .filter(n -> find.vrf() == null || find.vrf() == n.vrf)
                .filter(n -> find.labels() == null
                        || n.labels.entrySet().containsAll(find.labels().entrySet()))
                .toList();
    }

    /** Frees a child network; refused while any of its addresses is still in use. */
    synchronized Network freeNetwork(String id) {
        Network network = network(id);
        if (!network.isChild()) {
            throw SimError.unprocessable(
                    "unable to release prefix " + network.prefixes.get(0) + ": not a child prefix");
        }
        if (ips.countIn(id) > 0) {
            throw SimError.unprocessable("unable to release prefix "
                    + network.prefixes.get(0)
                    + ":prefix "
                    + network.prefixes.get(0)
                    + " has ips, delete ips first");
        }
        prefixPools.get(network.parentNetworkId).release(network.prefixes.get(0));
        usedVrfs.remove(network.vrf);
        networks.remove(id);
        return network;
    }

    private long takeVrf() {
        while (!usedVrfs.add(nextVrf)) {
            nextVrf++;
        }
        return nextVrf++;
    }

    // ----- ip addresses

    /**
     * Allocates the next free address of a network, or {@code specificAddress}. Any type but {@code
     * static} is ephemeral, as metal-api reads it.
     */
    synchronized Ip allocateIp(IpAllocate request, String specificAddress) {
        if (blank(request.networkid())) {
            throw SimError.badRequest("networkid should not be empty");
        }
        if (blank(request.projectid())) {
            throw SimError.badRequest("projectid should not be empty");
        }
        Network network = network(request.networkid());
        if (request.addressfamily() != null) {
            if (!"IPv4".equals(IpTable.addressFamily(request.addressfamily()))) {
                throw SimError.badRequest("there is no prefix for the given addressfamily:" + request.addressfamily()
                        + " present in network:" + network.id);
            }
            if (specificAddress != null) {
                throw SimError.badRequest("it is not possible to specify specificIP and addressfamily");
            }
        }
        Project project = catalog.project(request.projectid());
        if (network.isChild() && !network.shared && !network.projectId.equals(project.id())) {
            throw SimError.unprocessable("can not allocate ip for project \"" + project.id()
                    + "\" because network belongs to \"" + network.projectId + "\" and the network is not shared");
        }
        if (network.privateSuper) {
            // go-ipam refuses addresses in a prefix that has handed out child prefixes
            throw SimError.unprocessable(
                    "prefix " + network.prefixes.get(0) + " has childprefixes, acquire ip not possible");
        }
        List<String> tags = new ArrayList<>(request.tags() == null ? List.of() : request.tags());
        if (request.machineid() != null) {
            tags.add(Ip.machineTag(request.machineid()));
        }
        IpTable.Details details = new IpTable.Details(
                project.id(),
                Ip.STATIC.equals(request.type()) ? Ip.STATIC : Ip.EPHEMERAL,
                nullToEmpty(request.name()),
                nullToEmpty(request.description()),
                tags);
        if (specificAddress != null) {
            return ips.allocateSpecific(network, specificAddress, details);
        }
        return ips.allocateNext(network, details)
                .orElseThrow(() -> new SimError(500, "cannot allocate free ip in ipam, no ips left"));
    }

    synchronized Ip ip(String address) {
        return ips.get(address);
    }

    synchronized List<Ip> ips() {
        return ips.all();
    }

    synchronized List<Ip> findIps(IpFind find) {
        return ips.find(find);
    }

    /** Frees an address; one attached to a machine goes only with that machine. */
    synchronized Ip freeIp(String address) {
        Ip ip = ips.get(address);
        if (ip.usedByMachine()) {
            throw SimError.badRequest("ip with machine scope can not be deleted");
        }
        ips.remove(address);
        return ip;
    }

    // ----- machines

    /** Allocates a machine or firewall; its provisioning is driven by {@link #advance}. */
    synchronized Machine allocate(MachineAllocate request, String role, String creator) {
        if (request.networks() == null || request.networks().isEmpty()) {
            throw SimError.badRequest("networks should not be empty");
        }
        if (blank(request.imageid())) {
            throw SimError.badRequest("imageid should not be empty");
        }
        Image image;
        try {
            image = catalog.latestImage(request.imageid());
        } catch (SimError e) {
            throw SimError.badRequest("image cannot be found: " + e.getMessage());
        }
        FirewallRules firewallRules =
                ROLE_FIREWALL.equals(role) ? FirewallRuleValidation.accepted(request.firewallRules()) : null;
        if (!image.features().contains(role)) {
            throw SimError.badRequest("given image is not usable for a " + role + ", features: " + image.features());
        }
        Machine wanted = null;
        String partitionId = request.partitionid();
        String sizeId = request.sizeid();
        if (!blank(request.uuid())) {
            wanted = machines.get(request.uuid());
            if (wanted == null) {
                throw SimError.badRequest("machine with uuid " + request.uuid() + " not found");
            }
            partitionId = wanted.partitionId;
            sizeId = wanted.sizeId;
        }
        if (blank(partitionId) || !catalog.hasPartition(partitionId)) {
            throw SimError.badRequest("partition:" + partitionId + " not found");
        }
        if (blank(sizeId) || !catalog.hasSize(sizeId)) {
            throw SimError.badRequest("size:" + sizeId + " not found");
        }
        if (blank(request.projectid())) {
            throw SimError.unprocessable("projectid should not be empty");
        }
        AuthorizedKeys.check(listOrEmpty(request.sshPubKeys()));
        catalog.project(request.projectid());
        List<Network> allocationNetworks = checkNetworks(request, partitionId, role);
        Map<String, List<Ip>> requestedIps = requestedIps(request);
        catalog.checkSizeImage(sizeId, image.id());
        if (wanted != null && wanted.allocation != null) {
            throw SimError.unprocessable("machine is already allocated");
        }
        Machine machine = wanted != null
                ? wanted
                : pickWaitingMachine(
                        partitionId, sizeId, request.projectid(), role, listOrEmpty(request.placementTags()));
        List<AllocatedNetwork> allocated = acquireAddresses(allocationNetworks, requestedIps, machine.id, request);
        long asn = asns.take();
        machine.allocation = new Allocation(
                UUID.randomUUID().toString(),
                nullToEmpty(request.name()),
                nullToEmpty(request.description()),
                blank(request.hostname()) ? "metal" : request.hostname(),
                request.projectid(),
                creator,
                role,
                image,
                List.copyOf(listOrEmpty(request.sshPubKeys())),
                nullToEmpty(request.userData()),
                MachineNetworks.describe(allocated, networks::get, asn),
                asn,
                firewallRules,
                clock.instant());
        machine.waiting = false;
        machine.tags.clear();
        machine.tags.addAll(MachineTags.of(listOrEmpty(request.tags()), machine.rackId, asn));
        return machine;
    }

    /**
     * One new address in each auto-acquired network without a requested address, or none at all (a
     * full network leaves the others as they were); then the requested addresses are attached.
     */
    private List<AllocatedNetwork> acquireAddresses(
            List<Network> autoNetworks, Map<String, List<Ip>> requestedIps, String machineId, MachineAllocate request) {
        IpTable.Details autoassigned = new IpTable.Details(
                request.projectid(),
                Ip.EPHEMERAL,
                nullToEmpty(request.name()),
                "autoassigned",
                List.of(Ip.machineTag(machineId)));
        List<AllocatedNetwork> allocated = new ArrayList<>();
        for (Network network : autoNetworks) {
            if (requestedIps.containsKey(network.id)) {
                continue;
            }
            Optional<Ip> ip = ips.allocateNext(network, autoassigned);
            if (ip.isEmpty()) {
                allocated.forEach(taken -> ips.remove(taken.ips().get(0)));
                throw SimError.unprocessable("no ip available in network " + network.id);
            }
            allocated.add(new AllocatedNetwork(network.id, List.of(ip.get().address())));
        }
        requestedIps.forEach((networkId, requested) -> allocated.add(new AllocatedNetwork(
                networkId,
                requested.stream()
                        .map(ip -> ips.attach(ip, machineId).address())
                        .toList())));
        return allocated;
    }

    /**
     * The addresses a machine allocation brings along, by network: each must exist, belong to the
     * project and lie in one of the given networks; a private network that auto-acquires nothing
     * needs one of them.
     */
    private Map<String, List<Ip>> requestedIps(MachineAllocate request) {
        List<String> addresses = request.ips() == null ? List.of() : request.ips();
        Map<String, List<Ip>> byNetwork = new LinkedHashMap<>();
        for (String address : addresses) {
            Ip ip = ips.get(address);
            if (!ip.projectId().equals(request.projectid())) {
                throw SimError.unprocessable("given ip \"" + address + "\" with project id \"" + ip.projectId()
                        + "\" does not belong to the project of this allocation: " + request.projectid());
            }
            if (request.networks().stream().noneMatch(n -> ip.networkId().equals(n.networkid()))) {
                throw SimError.unprocessable(
                        "given ip \"" + address + "\" is not in any of the given networks, which is required");
            }
            byNetwork.computeIfAbsent(ip.networkId(), id -> new ArrayList<>()).add(ip);
        }
        List<AllocationNetwork> withoutAuto = request.networks().stream()
                .filter(n -> Boolean.FALSE.equals(n.autoacquire()))
                .toList();
        if (withoutAuto.size() > addresses.size()) {
            throw SimError.unprocessable("missing ip(s) for network(s) without automatic ip allocation");
        }
        for (AllocationNetwork requested : withoutAuto) {
            if (networks.get(requested.networkid()).isChild() && !byNetwork.containsKey(requested.networkid())) {
                throw SimError.unprocessable("the private network \"" + requested.networkid()
                        + "\" has no auto ip acquisition, but no suitable IPs were provided,"
                        + " which would lead into a machine having no ip address");
            }
        }
        return byNetwork;
    }

    private List<Network> checkNetworks(MachineAllocate request, String partitionId, String role) {
        List<Network> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int privateNetworks = 0;
        for (AllocationNetwork requested : request.networks()) {
            if (requested == null || blank(requested.networkid())) {
                throw SimError.badRequest("networkid should not be empty");
            }
            if (!seen.add(requested.networkid())) {
                throw SimError.unprocessable("given network ids are not unique: " + requested.networkid());
            }
            Network network = networks.get(requested.networkid());
            if (network == null) {
                throw SimError.badRequest("network:" + requested.networkid() + " not found");
            }
            if (network.privateSuper || network.underlay) {
                throw SimError.unprocessable(
                        "network:" + network.id + " is a super or underlay network and cannot be given");
            }
            if (network.isChild()) {
                privateNetworks++;
                if (!network.projectId.equals(request.projectid())) {
                    throw SimError.unprocessable("the given private network " + network.id
                            + " does not belong to project " + request.projectid());
                }
                if (!network.partitionId.equals(partitionId)) {
                    throw SimError.unprocessable(
                            "the private network " + network.id + " is not in partition " + partitionId);
                }
            }
            if (requested.autoacquire() == null || requested.autoacquire()) {
                result.add(network);
            }
        }
        if (privateNetworks != 1) {
            throw SimError.unprocessable("exactly one private network must be given, got " + privateNetworks);
        }
        if (result.isEmpty() && (request.ips() == null || request.ips().isEmpty())) {
            throw SimError.unprocessable("no ips given and no network with autoacquire");
        }
        if (ROLE_FIREWALL.equals(role)) {
            networks.values().stream()
                    .filter(n -> n.underlay && partitionId.equals(n.partitionId))
                    .findFirst()
                    .ifPresent(result::add);
        }
        return result;
    }

    private Machine pickWaitingMachine(
            String partitionId, String sizeId, String projectId, String role, List<String> placementTags) {
        List<Machine> sameKind = machines.values().stream()
                .filter(m -> m.partitionId.equals(partitionId) && m.sizeId.equals(sizeId))
                .toList();
        List<Machine> waiting = sameKind.stream().filter(Machine::isAllocatable).toList();
        if (waiting.isEmpty()) {
            throw SimError.unprocessable("no machine available");
        }
        List<Machine> projectMachines = sameKind.stream()
                .filter(m -> m.allocation != null
                        && m.allocation.role().equals(role)
                        && m.allocation.projectId().equals(projectId))
                .toList();
        return RackSpread.pick(waiting, projectMachines, placementTags);
    }

    /**
     * Records a provisioning event if the machine still carries the allocation it was scheduled for, and the event
     * belongs to what the machine goes through now: its provisioning, or an injected crash loop.
     *
     * @return false when the allocation is gone or a crash loop took over, so the remaining events are dropped
     */
    synchronized boolean advance(String machineId, String allocationUuid, String event, boolean crashLoop) {
        Machine machine = machines.get(machineId);
        if (machine == null
                || machine.allocation == null
                || !machine.allocation.uuid().equals(allocationUuid)
                || machine.crashing != crashLoop) {
            return false;
        }
        machine.record(new Event(clock.instant(), event, ""));
        return true;
    }

    /** Marks a freed machine idle again once its reclaim reboot is over. */
    synchronized void finishReclaim(String machineId) {
        Machine machine = machines.get(machineId);
        if (machine != null && machine.allocation == null) {
            machine.record(new Event(clock.instant(), "Waiting", ""));
            machine.waiting = true;
        }
    }

    /** Gives back the addresses and the ASN a freed machine held; metal-api does this asynchronously. */
    synchronized void releaseAllocation(String machineId, Allocation freed) {
        ips.releaseMachine(machineId);
        asns.release(freed.asn());
    }

    synchronized Machine machine(String id) {
        return SimError.existing(machines, "machine", id);
    }

    synchronized Machine firewall(String id) {
        Machine machine = machine(id);
        if (machine.allocation == null || !ROLE_FIREWALL.equals(machine.allocation.role())) {
            throw SimError.notFound("machine is not a firewall");
        }
        return machine;
    }

    synchronized List<Machine> findMachines(MachineFind find, String forcedRole) {
        String role = forcedRole != null ? forcedRole : find.allocationRole();
        return machines.values().stream()
                .filter(m -> find.id() == null || find.id().equals(m.id))
                .filter(m -> find.partitionId() == null || find.partitionId().equals(m.partitionId))
                .filter(m -> find.sizeid() == null || find.sizeid().equals(m.sizeId))
                .filter(m -> find.rackid() == null || find.rackid().equals(m.rackId))
                .filter(m -> find.tags() == null || m.tags.containsAll(find.tags()))
                .filter(m -> find.stateValue() == null || find.stateValue().equals(m.stateValue))
                .filter(m -> allocationMatches(m.allocation, find, role))
                .toList();
    }

    private static boolean allocationMatches(Allocation a, MachineFind find, String role) {
        boolean filtersAllocation = role != null
                || find.name() != null
                || find.allocationName() != null
                || find.allocationProject() != null
                || find.allocationHostname() != null
                || find.allocationImageId() != null
                || find.networkIds() != null;
        if (!filtersAllocation) {
            return true;
        }
        if (a == null) {
            return false;
        }
        List<String> networkIds =
                a.networks().stream().map(MachineNetwork::networkId).toList();
        return (role == null || role.equals(a.role()))
                && (find.name() == null || find.name().equals(a.name()))
                && (find.allocationName() == null || find.allocationName().equals(a.name()))
                && (find.allocationProject() == null || find.allocationProject().equals(a.projectId()))
                && (find.allocationHostname() == null
                        || find.allocationHostname().equals(a.hostname()))
                && (find.allocationImageId() == null
                        || find.allocationImageId().equals(a.image().id()))
                && (find.networkIds() == null || networkIds.containsAll(find.networkIds()));
    }

    /**
     * Frees a machine: clears allocation and tags and starts the reclaim. Freeing a free machine
     * succeeds.
     *
     * @return the allocation it held, whose addresses and ASN are to be released later
     */
    synchronized Optional<Allocation> free(String id) {
        Machine machine = machine(id);
        if ("LOCKED".equals(machine.stateValue)) {
            throw SimError.unprocessable("machine is locked");
        }
        Optional<Allocation> freed = Optional.ofNullable(machine.allocation);
        machine.allocation = null;
        machine.crashing = false;
        machine.tags.clear();
        if (freed.isPresent()) {
            machine.waiting = false;
            machine.record(new Event(clock.instant(), "Machine Reclaim", ""));
        }
        return freed;
    }

    /** Removes a machine as an admin does (free, power off, {@code DELETE /v1/machine/{id}}), releasing at once. */
    synchronized void delete(String id) {
        free(id).ifPresent(freed -> releaseAllocation(id, freed));
        machines.remove(id);
    }

    /**
     * Lets an injected crash loop take over from the machine's provisioning.
     *
     * @return the allocation the crash loop belongs to
     */
    synchronized String startCrashLoop(String id) {
        Machine machine = machine(id);
        if (machine.allocation == null) {
            throw SimError.unprocessable("machine " + id + " is not allocated");
        }
        machine.crashing = true;
        return machine.allocation.uuid();
    }

    // ----- counters

    synchronized int childNetworkCount() {
        return (int) networks.values().stream().filter(Network::isChild).count();
    }

    synchronized int allocatedMachineCount() {
        return (int)
                machines.values().stream().filter(m -> m.allocation != null).count();
    }

    synchronized int freeMachineCount(String partitionId, String sizeId) {
        return freeMachineIds(partitionId, sizeId).size();
    }

    synchronized List<String> freeMachineIds(String partitionId, String sizeId) {
        return machines.values().stream()
                .filter(m -> m.allocation == null && m.partitionId.equals(partitionId) && m.sizeId.equals(sizeId))
                .map(m -> m.id)
                .sorted()
                .toList();
    }

    synchronized int usedIpCount() {
        return ips.size();
    }

    synchronized long usedIpCount(String networkId) {
        return ips.countIn(networkId);
    }

    synchronized List<Network> networksWithLabel(String key, String value) {
        return networks.values().stream()
                .filter(n -> Objects.equals(n.labels.get(key), value))
                .toList();
    }

    synchronized List<Machine> machinesWithTag(String tag) {
        return machines.values().stream().filter(m -> m.tags.contains(tag)).toList();
    }

    synchronized List<Machine> allMachines() {
        return List.copyOf(machines.values());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static List<String> listOrEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}

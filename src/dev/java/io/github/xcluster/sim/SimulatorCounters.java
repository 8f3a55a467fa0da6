package io.github.xcluster.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator has done and holds, so tests can prove nothing leaked or doubled. */
public final class SimulatorCounters {
    private final SimWorld world;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder injectedFailures = new LongAdder();

    SimulatorCounters(SimWorld world) {
        this.world = world;
    }

    void countCall(String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
    }

    void countInjectedFailure() {
        injectedFailures.increment();
    }

    /** Calls per endpoint, keyed like {@code POST /v1/network/allocate}. */
    public Map<String, Long> callsPerEndpoint() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((endpoint, count) -> snapshot.put(endpoint, count.sum()));
        return snapshot;
    }

    public long calls(String endpoint) {
        LongAdder count = calls.get(endpoint);
        return count == null ? 0 : count.sum();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Calls answered with an injected 503 or dropped by an outage. */
    public long injectedFailures() {
        return injectedFailures.sum();
    }

    /** Private networks allocated and not freed. */
    public int allocatedNetworks() {
        return world.childNetworkCount();
    }

    /** Machines and firewalls allocated and not freed. */
    public int allocatedMachines() {
        return world.allocatedMachineCount();
    }

    public int freeMachines(String partition, String size) {
        return world.freeMachineCount(partition, size);
    }

    /** The ids of the free machines of a size in a partition, sorted. */
    public List<String> freeMachineIds(String partition, String size) {
        return world.freeMachineIds(partition, size);
    }

    /** Addresses held in any network. */
    public int usedIps() {
        return world.usedIpCount();
    }

    public List<String> networkIdsWithLabel(String key, String value) {
        return world.networksWithLabel(key, value).stream()
                .map(network -> network.id)
                .toList();
    }

    public List<String> machineIdsWithTag(String tag) {
        return world.machinesWithTag(tag).stream().map(machine -> machine.id).toList();
    }

    /** The user data a machine was allocated with, empty for a free machine. */
    public String userData(String machineId) {
        SimModel.Allocation allocation = world.machine(machineId).allocation;
        return allocation == null ? "" : allocation.userData();
    }

    /** The newest provisioning event of a machine, e.g. {@code Phoned Home}. */
    public String lastEvent(String machineId) {
        return world.machine(machineId).lastEvent();
    }

    /** The firewalls attached to a network, in any state of provisioning. */
    public List<String> firewallIdsIn(String networkId) {
        return world.allMachines().stream()
                .filter(machine -> isFirewallIn(machine, networkId))
                .map(machine -> machine.id)
                .toList();
    }

    /** The firewalls attached to a network that have phoned home and are not crash-looping: what protects it now. */
    public List<String> readyFirewallIdsIn(String networkId) {
        return world.allMachines().stream()
                .filter(machine -> isFirewallIn(machine, networkId)
                        && "Phoned Home".equals(machine.lastEvent())
                        && !machine.crashLoop)
                .map(machine -> machine.id)
                .toList();
    }

    private static boolean isFirewallIn(SimModel.Machine machine, String networkId) {
        SimModel.Allocation allocation = machine.allocation;
        return allocation != null
                && SimWorld.ROLE_FIREWALL.equals(allocation.role())
                && allocation.networks().stream().anyMatch(network -> networkId.equals(network.networkId()));
    }
}

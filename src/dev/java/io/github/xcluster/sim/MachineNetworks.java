package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.AllocatedNetwork;
import io.github.xcluster.sim.SimModel.MachineNetwork;
import io.github.xcluster.sim.SimModel.Network;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code allocation.networks} entries of a new allocation: each network with the machine's addresses in it, a copy
 * of the network's prefixes, VRF and types at allocation time, and the machine's one ASN.
 */
final class MachineNetworks {
    private MachineNetworks() {}

    static List<MachineNetwork> describe(List<AllocatedNetwork> held, Function<String, Network> networks, long asn) {
        boolean unsharedPrivate = held.stream()
                .map(address -> networks.apply(address.networkId()))
                .anyMatch(network -> network.isChild() && !network.shared);
        return held.stream()
                .map(address -> {
                    Network network = networks.apply(address.networkId());
                    String type = machineSideType(network, unsharedPrivate);
                    return new MachineNetwork(
                            network.id,
                            network.projectId,
                            type,
                            network.networkType,
                            network.natType(),
                            network.prefixes,
                            List.copyOf(address.ips()),
                            List.of(),
                            network.vrf,
                            asn,
                            network.nat,
                            type.startsWith("private"),
                            network.underlay);
                })
                .toList();
    }

    /**
     * metal-lib's network types (pkg/net): a shared private network is secondary beside an unshared one and primary
     * only when it is the machine's sole private network.
     */
    private static String machineSideType(Network network, boolean unsharedPrivate) {
        if (network.underlay) {
            return "underlay";
        }
        if (!network.isChild()) {
            return "external";
        }
        if (!network.shared) {
            return "privateprimaryunshared";
        }
        return unsharedPrivate ? "privatesecondaryshared" : "privateprimaryshared";
    }
}

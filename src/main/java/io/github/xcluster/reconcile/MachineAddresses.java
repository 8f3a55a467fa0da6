package io.github.xcluster.reconcile;

import io.github.xcluster.api.capi.MachineAddress;
import io.github.xcluster.metal.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine's addresses as Cluster API lists them: its host name, InternalIP from its private primary network (the
 * node network), ExternalIP from external networks.
 */
final class MachineAddresses {
    private MachineAddresses() {}

    static List<MachineAddress> of(Machine machine) {
        List<MachineAddress> addresses = new ArrayList<>();
        if (!machine.isAllocated()) {
            return addresses;
        }
        if (machine.allocation().hostname() != null
                && !machine.allocation().hostname().isBlank()) {
            addresses.add(new MachineAddress(
                    MachineAddress.Type.Hostname, machine.allocation().hostname()));
        }
        for (Machine.AllocatedNetwork network : machine.allocation().networks()) {
            MachineAddress.Type type = switch (network.networkType()) {
                case "privateprimaryunshared", "privateprimaryshared" -> MachineAddress.Type.InternalIP;
                case "external" -> MachineAddress.Type.ExternalIP;
                default -> null;
            };
            if (type != null) {
                network.ips().forEach(ip -> addresses.add(new MachineAddress(type, ip)));
            }
        }
        return addresses;
    }
}

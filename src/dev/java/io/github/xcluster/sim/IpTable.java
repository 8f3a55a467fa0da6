package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Ip;
import io.github.xcluster.sim.SimModel.Network;
import io.github.xcluster.sim.SimRequests.IpFind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The addresses handed out in all networks, as metal-api's ip table and go-ipam keep them: a
 * network's lowest free host comes first, its network and broadcast addresses are never handed out,
 * and an ephemeral address goes away with the last machine that used it. Not synchronized: {@link
 * SimWorld} calls it under its lock.
 */
final class IpTable {
    /** What the caller says about a new address. */
    record Details(String projectId, String type, String name, String description, List<String> tags) {}

    private final Map<String, Ip> byAddress = new LinkedHashMap<>();
    private final Clock clock;

    IpTable(Clock clock) {
        this.clock = clock;
    }

    /** {@code IPv4} or {@code IPv6} for any spelling metal-api accepts. */
    static String addressFamily(String given) {
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "ipv4" -> "IPv4";
            case "ipv6" -> "IPv6";
            default -> throw SimError.unprocessable("given addressfamily:\"" + given + "\" is invalid");
        };
    }

    Ip get(String address) {
        return SimError.existing(byAddress, "ip", address);
    }

    List<Ip> all() {
        return List.copyOf(byAddress.values());
    }

    /** The lowest free host of the network's prefixes, or empty when every one is taken. */
    Optional<Ip> allocateNext(Network network, Details details) {
        for (String prefix : network.prefixes) {
            Cidr cidr = Cidr.parse(prefix);
            for (long host = cidr.address() + 1; host < cidr.address() + cidr.size() - 1; host++) {
                String address = Cidr.formatAddress(host);
                if (!byAddress.containsKey(address)) {
                    return Optional.of(put(address, prefix, network, details));
                }
            }
        }
        return Optional.empty();
    }

    /** Exactly the given address, as {@code POST /v1/ip/allocate/{ip}} asks for it. */
    Ip allocateSpecific(Network network, String address, Details details) {
        if (address.contains(":")) {
            // the simulated networks have IPv4 prefixes only
            throw notInNetwork();
        }
        long wanted;
        try {
            wanted = Cidr.parseAddress(address);
        } catch (IllegalArgumentException e) {
            throw SimError.unprocessable(
                    "unable to parse specific ip: ParseAddr(\"" + address + "\"): unable to parse IP");
        }
        String prefix = network.prefixes.stream()
                .filter(p -> Cidr.parse(p).contains(wanted))
                .findFirst()
                .orElseThrow(IpTable::notInNetwork);
        Cidr cidr = Cidr.parse(prefix);
        String canonical = Cidr.formatAddress(wanted);
        if (byAddress.containsKey(canonical)
                || wanted == cidr.address()
                || wanted == cidr.address() + cidr.size() - 1) {
            throw new SimError(409, "ip already allocated");
        }
        return put(canonical, prefix, network, details);
    }

    private static SimError notInNetwork() {
        return SimError.unprocessable("specific ip not contained in any of the defined prefixes");
    }

    private Ip put(String address, String prefix, Network network, Details details) {
        Instant now = clock.instant();
        Ip ip = new Ip(
                address,
                UUID.randomUUID().toString(),
                network.id,
                prefix,
                details.projectId(),
                details.type(),
                details.name(),
                details.description(),
                details.tags(),
                now,
                now);
        byAddress.put(address, ip);
        return ip;
    }

    void remove(String address) {
        byAddress.remove(address);
    }

    /** Marks the address as used by the machine. */
    Ip attach(Ip ip, String machineId) {
        List<String> tags = new ArrayList<>(ip.tags());
        tags.add(Ip.machineTag(machineId));
        Ip attached = ip.withTags(tags, clock.instant());
        byAddress.put(ip.address(), attached);
        return attached;
    }

    /**
     * Detaches a freed machine from its addresses: an ephemeral one that no other machine uses is
     * released, a static one stays with its project.
     */
    void releaseMachine(String machineId) {
        String tag = Ip.machineTag(machineId);
        for (Ip ip : all()) {
            if (!ip.tags().contains(tag)) {
                continue;
            }
            Ip detached =
                    ip.withTags(ip.tags().stream().filter(t -> !t.equals(tag)).toList(), clock.instant());
            if (!Ip.STATIC.equals(ip.type()) && !detached.usedByMachine()) {
                byAddress.remove(ip.address());
            } else {
                byAddress.put(ip.address(), detached);
            }
        }
    }

    /** {@code POST /v1/ip/find}: every given filter must match; {@code machineid} is a tag. */
    List<Ip> find(IpFind find) {
        List<String> tags = new ArrayList<>(find.tags() == null ? List.of() : find.tags());
        if (find.machineid() != null) {
            tags.add(Ip.machineTag(find.machineid()));
        }
        String separator =
                find.addressfamily() == null ? null : "IPv4".equals(addressFamily(find.addressfamily())) ? "." : ":";
        return byAddress.values().stream()
                .filter(ip -> find.ipaddress() == null || find.ipaddress().equals(ip.address()))
                .filter(ip ->
                        find.allocationuuid() == null || find.allocationuuid().equals(ip.allocationUuid()))
                .filter(ip -> find.name() == null || find.name().equals(ip.name()))
                .filter(ip -> find.projectid() == null || find.projectid().equals(ip.projectId()))
                .filter(ip -> find.networkid() == null || find.networkid().equals(ip.networkId()))
                .filter(ip ->
                        find.networkprefix() == null || find.networkprefix().equals(ip.prefix()))
                .filter(ip -> ip.tags().containsAll(tags))
                .filter(ip -> find.type() == null || find.type().equals(ip.type()))
                .filter(ip -> separator == null || ip.address().contains(separator))
                .toList();
    }

    long countIn(String networkId) {
        return byAddress.values().stream()
                .filter(ip -> ip.networkId().equals(networkId))
                .count();
    }

    int size() {
        return byAddress.size();
    }
}

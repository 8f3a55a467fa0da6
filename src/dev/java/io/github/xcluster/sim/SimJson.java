package io.github.xcluster.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.sim.SimModel.Allocation;
import io.github.xcluster.sim.SimModel.EgressRule;
import io.github.xcluster.sim.SimModel.Event;
import io.github.xcluster.sim.SimModel.FirewallRules;
import io.github.xcluster.sim.SimModel.Image;
import io.github.xcluster.sim.SimModel.IngressRule;
import io.github.xcluster.sim.SimModel.Ip;
import io.github.xcluster.sim.SimModel.Machine;
import io.github.xcluster.sim.SimModel.MachineNetwork;
import io.github.xcluster.sim.SimModel.Network;
import io.github.xcluster.sim.SimModel.Partition;
import io.github.xcluster.sim.SimModel.Project;
import io.github.xcluster.sim.SimModel.Size;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Renders the simulator's records in metal-api's JSON shapes and key styles. */
final class SimJson {
    private final ObjectMapper mapper;
    private final SimWorld world;

    SimJson(ObjectMapper mapper, SimWorld world) {
        this.mapper = mapper;
        this.world = world;
    }

    ObjectNode error(int status, String message) {
        return mapper.createObjectNode().put("statuscode", status).put("message", message);
    }

    ObjectNode partition(Partition p) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", p.id())
                .put("name", p.name())
                .put("description", p.description());
        node.putObject("bootconfig")
                .put("imageurl", "http://images.metal-stack.io/metal-os/master/ubuntu/20.04/img.tar.lz4")
                .put("kernelurl", "http://images.metal-stack.io/metal-hammer/metal-hammer-kernel")
                .put("commandline", "console=ttyS0");
        node.putObject("labels");
        return node;
    }

    ObjectNode project(Project p) {
        ObjectNode node = mapper.createObjectNode();
        node.putObject("meta").put("id", p.id()).put("kind", "Project").put("apiversion", "v1");
        node.put("name", p.name()).put("description", p.description()).put("tenant_id", p.tenantId());
        return node;
    }

    ObjectNode size(Size s) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", s.id())
                .put("name", s.name())
                .put("description", s.description());
        node.putObject("labels");
        ArrayNode constraints = node.putArray("constraints");
        constraints.addObject().put("type", "cores").put("min", s.cores()).put("max", s.cores());
        constraints
                .addObject()
                .put("type", "memory")
                .put("min", s.memoryBytes())
                .put("max", s.memoryBytes());
        constraints
                .addObject()
                .put("type", "storage")
                .put("min", s.storageBytes())
                .put("max", s.storageBytes());
        return node;
    }

    ObjectNode image(Image i) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", i.id())
                .put("name", i.name())
                .put("description", i.description());
        node.put("url", "http://images.metal-stack.io/metal-os/" + i.id() + "/img.tar.lz4");
        ArrayNode features = node.putArray("features");
        i.features().forEach(features::add);
        node.put("classification", i.classification());
        node.put("expirationDate", i.expirationDate().toString());
        node.put("created", i.created().toString());
        node.put("changed", i.created().toString());
        return node;
    }

    ObjectNode network(Network n) {
        ObjectNode node =
                mapper.createObjectNode().put("id", n.id).put("name", n.name).put("description", n.description);
        node.put("partitionid", n.partitionId).put("projectid", n.projectId);
        if (n.parentNetworkId == null) {
            node.putNull("parentnetworkid");
        } else {
            node.put("parentnetworkid", n.parentNetworkId);
        }
        ObjectNode labels = node.putObject("labels");
        n.labels.forEach(labels::put);
        strings(node.putArray("prefixes"), n.prefixes);
        node.putArray("destinationprefixes");
        node.put("shared", n.shared)
                .put("nat", n.nat)
                .put("privatesuper", n.privateSuper)
                .put("underlay", n.underlay);
        node.put("vrf", n.vrf).put("networktype", n.networkType).put("nattype", n.natType());
        if (n.defaultChildPrefixLength == null) {
            node.putNull("defaultchildprefixlength");
        } else {
            node.putObject("defaultchildprefixlength").put("IPv4", n.defaultChildPrefixLength);
        }
        long available = Cidr.parse(n.prefixes.get(0)).size() - 2;
        ObjectNode usage = usage(available, world.usedIpCount(n.id));
        node.putObject("consumption").set("ipv4", usage);
        node.set("usage", usage.deepCopy());
        node.put("created", n.created.toString()).put("changed", n.created.toString());
        return node;
    }

    private ObjectNode usage(long availableIps, long usedIps) {
        return mapper.createObjectNode()
                .put("available_ips", availableIps)
                .put("used_ips", usedIps)
                .put("available_prefixes", 0)
                .put("used_prefixes", 0);
    }

    ObjectNode ip(Ip ip) {
        ObjectNode node = mapper.createObjectNode()
                .put("ipaddress", ip.address())
                .put("allocationuuid", ip.allocationUuid())
                .put("networkid", ip.networkId())
                .put("projectid", ip.projectId())
                .put("type", ip.type())
                .put("name", ip.name())
                .put("description", ip.description());
        strings(node.putArray("tags"), ip.tags());
        node.put("created", ip.created().toString()).put("changed", ip.changed().toString());
        return node;
    }

    ObjectNode machine(Machine m) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", m.id)
                .put("name", m.id.substring(0, 8))
                .put("description", "");
        node.put("rackid", m.rackId);
        node.set("partition", partition(world.catalog().partition(m.partitionId)));
        node.set("size", size(world.catalog().size(m.sizeId)));
        ObjectNode hardware = node.putObject("hardware")
                .put("memory", world.catalog().size(m.sizeId).memoryBytes());
        hardware.put("cpu_cores", world.catalog().size(m.sizeId).cores());
        hardware.putArray("disks")
                .addObject()
                .put("name", "/dev/sda")
                .put("size", world.catalog().size(m.sizeId).storageBytes());
        hardware.putArray("nics");
        node.putObject("bios").put("version", "2.0").put("vendor", "simulated").put("date", "01/01/2020");
        node.putObject("state")
                .put("value", m.stateValue)
                .put("description", "")
                .put("metal_hammer_version", "");
        node.putObject("ledstate").put("value", "LED-OFF").put("description", "");
        node.put("liveliness", "Alive");
        ObjectNode events = node.putObject("events");
        ArrayNode log = events.putArray("log");
        m.events.forEach(event -> event(log.addObject(), event));
        Instant last = m.events.isEmpty() ? m.created : m.events.get(0).time();
        events.put("last_event_time", last.toString());
        if (m.lastErrorEvent != null) {
            event(events.putObject("last_error_event"), m.lastErrorEvent);
        }
        events.put("crash_loop", m.crashLoop).put("failed_machine_reclaim", m.failedMachineReclaim);
        strings(node.putArray("tags"), m.tags);
        if (m.allocation == null) {
            node.putNull("allocation");
        } else {
            node.set("allocation", allocation(m.allocation));
        }
        node.put("created", m.created.toString()).put("changed", last.toString());
        return node;
    }

    private ObjectNode allocation(Allocation a) {
        ObjectNode node = mapper.createObjectNode().put("name", a.name()).put("description", a.description());
        node.put("hostname", a.hostname()).put("project", a.projectId()).put("creator", a.creator());
        node.put("allocationuuid", a.uuid())
                .put("user_data", a.userData())
                .put("created", a.created().toString());
        node.set("image", image(a.image()));
        strings(node.putArray("ssh_pub_keys"), a.sshPubKeys());
        node.put("succeeded", false).put("reinstall", false).put("role", a.role());
        ArrayNode networks = node.putArray("networks");
        for (MachineNetwork n : a.networks()) {
            ObjectNode entry =
                    networks.addObject().put("networkid", n.networkId()).put("projectid", n.projectId());
            entry.put("networktype", n.networkType())
                    .put("networktypev2", n.networkTypeV2())
                    .put("nattypev2", n.natTypeV2());
            strings(entry.putArray("prefixes"), n.prefixes());
            strings(entry.putArray("ips"), n.ips());
            strings(entry.putArray("destinationprefixes"), n.destinationPrefixes());
            entry.put("vrf", n.vrf()).put("asn", n.asn());
            entry.put("nat", n.nat()).put("private", n.isPrivate()).put("underlay", n.underlay());
        }
        if (SimWorld.ROLE_FIREWALL.equals(a.role()) && a.firewallRules() != null) {
            node.set("firewall_rules", firewallRules(a.firewallRules()));
        }
        return node;
    }

    /** As Go renders metal-api's {@code v1.FirewallRules}: empty lists and comments left out, a missing list null. */
    private ObjectNode firewallRules(FirewallRules rules) {
        ObjectNode node = mapper.createObjectNode();
        if (!rules.egress().isEmpty()) {
            ArrayNode egress = node.putArray("egress");
            for (EgressRule rule : rules.egress()) {
                ObjectNode entry = egress.addObject().put("protocol", rule.protocol());
                listOrNull(entry, "ports", rule.ports());
                listOrNull(entry, "to", rule.to());
                putUnlessEmpty(entry, "comment", rule.comment());
            }
        }
        if (!rules.ingress().isEmpty()) {
            ArrayNode ingress = node.putArray("ingress");
            for (IngressRule rule : rules.ingress()) {
                ObjectNode entry = ingress.addObject().put("protocol", rule.protocol());
                listOrNull(entry, "ports", rule.ports());
                if (rule.to() != null && !rule.to().isEmpty()) {
                    listOrNull(entry, "to", rule.to());
                }
                listOrNull(entry, "from", rule.from());
                putUnlessEmpty(entry, "comment", rule.comment());
            }
        }
        return node;
    }

    private void listOrNull(ObjectNode node, String field, List<?> values) {
        if (values == null) {
            node.putNull(field);
        } else {
            node.set(field, mapper.valueToTree(values));
        }
    }

    private static void putUnlessEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    ArrayNode array(Collection<ObjectNode> items) {
        ArrayNode array = mapper.createArrayNode();
        items.forEach(array::add);
        return array;
    }

    ArrayNode capacity(Map<Partition, Map<String, int[]>> capacity) {
        ArrayNode result = mapper.createArrayNode();
        capacity.forEach((partition, bySize) -> {
            ObjectNode node = result.addObject().put("id", partition.id()).put("name", partition.name());
            node.put("description", partition.description());
            ArrayNode servers = node.putArray("servers");
            bySize.forEach((size, counts) -> {
                ObjectNode server = servers.addObject().put("size", size);
                putNonZero(server, "total", counts[0]);
                putNonZero(server, "allocated", counts[1]);
                putNonZero(server, "allocatable", counts[2]);
                putNonZero(server, "free", counts[2]);
                putNonZero(server, "waiting", counts[3]);
            });
        });
        return result;
    }

    private static void event(ObjectNode node, Event event) {
        node.put("time", event.time().toString()).put("event", event.event()).put("message", event.message());
    }

    private static void putNonZero(ObjectNode node, String field, int value) {
        if (value != 0) {
            node.put(field, value);
        }
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }
}

package io.github.xcluster.metal;

import io.github.xcluster.metal.client.model.IpType;
import io.github.xcluster.metal.client.model.MachineEvent;
import io.github.xcluster.metal.client.model.MachineNetwork;
import io.github.xcluster.metal.client.model.PartitionCapacity;
import io.github.xcluster.metal.client.model.ServerCapacity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** From the generated client's models to the records the operator uses. */
final class ModelMapping {
    private ModelMapping() {}

    static Partition partition(io.github.xcluster.metal.client.model.Partition p) {
        return new Partition(p.getId(), p.getName(), p.getDescription());
    }

    static Project project(io.github.xcluster.metal.client.model.Project p) {
        String id = p.getMeta() == null ? null : p.getMeta().getId();
        return new Project(id, p.getName(), p.getTenantId());
    }

    static Image image(io.github.xcluster.metal.client.model.Image i) {
        Set<String> features = i.getFeatures() == null
                ? Set.of()
                : i.getFeatures().stream().map(Object::toString).collect(Collectors.toUnmodifiableSet());
        return new Image(
                i.getId(),
                i.getName(),
                i.getDescription(),
                features,
                i.getClassification() == null ? null : i.getClassification().getValue(),
                instant(i.getExpirationDate()));
    }

    static Size size(io.github.xcluster.metal.client.model.Size s) {
        return new Size(s.getId(), s.getName(), s.getDescription());
    }

    static List<SizeCapacity> capacity(List<PartitionCapacity> partitions) {
        return list(partitions).stream()
                .flatMap(p -> list(p.getServers()).stream().map(server -> sizeCapacity(p.getId(), server)))
                .toList();
    }

    private static SizeCapacity sizeCapacity(String partitionId, ServerCapacity s) {
        return new SizeCapacity(
                partitionId,
                s.getSize(),
                count(s.getTotal()),
                count(s.getAllocated()),
                count(s.getAllocatable()),
                count(s.getFree()));
    }

    static Network network(io.github.xcluster.metal.client.model.Network n) {
        return new Network(
                n.getId(),
                n.getName(),
                n.getPartitionid(),
                n.getProjectid(),
                n.getParentnetworkid(),
                list(n.getPrefixes()),
                n.getLabels() == null ? Map.of() : Map.copyOf(n.getLabels()),
                Boolean.TRUE.equals(n.getPrivatesuper()),
                Boolean.TRUE.equals(n.getUnderlay()),
                Boolean.TRUE.equals(n.getNat()),
                Boolean.TRUE.equals(n.getShared()),
                n.getNetworktype() == null ? null : n.getNetworktype().getValue());
    }

    static IpAddress ip(io.github.xcluster.metal.client.model.Ip ip) {
        return new IpAddress(
                ip.getIpaddress(),
                ip.getAllocationuuid(),
                ip.getNetworkid(),
                ip.getProjectid(),
                ip.getType() == IpType.STATIC ? IpAddress.Type.STATIC : IpAddress.Type.EPHEMERAL,
                ip.getName(),
                ip.getDescription(),
                list(ip.getTags()));
    }

    static Machine machine(io.github.xcluster.metal.client.model.Machine m) {
        Optional<MachineEvent> last = Optional.ofNullable(m.getEvents())
                .map(e -> list(e.getLog()))
                .filter(log -> !log.isEmpty())
                .map(log -> log.get(0));
        boolean crashLoop =
                m.getEvents() != null && Boolean.TRUE.equals(m.getEvents().getCrashLoop());
        boolean failedReclaim =
                m.getEvents() != null && Boolean.TRUE.equals(m.getEvents().getFailedMachineReclaim());
        return new Machine(
                m.getId(),
                m.getName(),
                m.getPartition() == null ? null : m.getPartition().getId(),
                m.getSize() == null ? null : m.getSize().getId(),
                m.getRackid(),
                allocation(m.getAllocation()),
                list(m.getTags()),
                m.getLiveliness(),
                last.map(MachineEvent::getEvent).orElse(null),
                last.map(event -> instant(event.getTime())).orElse(null),
                crashLoop,
                failedReclaim,
                m.getState() == null || m.getState().getValue() == null
                        ? ""
                        : m.getState().getValue().getValue());
    }

    private static Machine.Allocation allocation(io.github.xcluster.metal.client.model.MachineAllocation a) {
        if (a == null) {
            return null;
        }
        return new Machine.Allocation(
                a.getName(),
                a.getHostname(),
                a.getProject(),
                a.getRole() == null ? null : a.getRole().getValue(),
                a.getImage() == null ? null : a.getImage().getId(),
                list(a.getNetworks()).stream()
                        .map(ModelMapping::allocatedNetwork)
                        .toList(),
                instant(a.getCreated()));
    }

    private static Machine.AllocatedNetwork allocatedNetwork(MachineNetwork n) {
        return new Machine.AllocatedNetwork(
                n.getNetworkid(),
                n.getProjectid(),
                n.getNetworktype(),
                n.getNetworktypev2(),
                list(n.getPrefixes()),
                list(n.getIps()),
                n.getVrf() == null ? 0 : n.getVrf(),
                n.getAsn() == null ? 0 : n.getAsn(),
                Boolean.TRUE.equals(n.getPrivate()),
                Boolean.TRUE.equals(n.getUnderlay()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    static <T> List<T> list(Collection<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}

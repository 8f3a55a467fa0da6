package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Image;
import io.github.xcluster.sim.SimModel.Machine;
import io.github.xcluster.sim.SimModel.Network;
import io.github.xcluster.sim.SimModel.Partition;
import io.github.xcluster.sim.SimModel.Project;
import io.github.xcluster.sim.SimModel.Size;
import io.github.xcluster.sim.SimModel.SizeImageConstraint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The world of metal-stack's mini-lab, which the xcluster walkthrough runs against: partition
 * {@code vagrant} (and the newer {@code mini-lab}), its networks, sizes, images and waiting
 * machines.
 */
final class SimSeed {
    static final String PROJECT_ID = "00000000-0000-0000-0000-000000000000";
    static final String SECOND_PROJECT_ID = "11111111-1111-1111-1111-111111111111";
    static final String SMALL_SIZE = "v1-small-x86";
    static final String LARGE_SIZE = "c1-xlarge-x86";
    static final List<String> WALKTHROUGH_MACHINES =
            List.of("e0ab02d2-27cd-5a5e-8efc-080ba80cf258", "2294c949-88f6-5390-8154-fa53d93a3313");
    /** mini-lab's internet network is the default for clusters and for IP allocations (metal-lib's tag keys). */
    static final Map<String, String> DEFAULT_NETWORK_LABELS =
            Map.of("network.metal-stack.io/default", "", "network.metal-stack.io/default-external", "");

    /** Racks per partition; each size's machines go round them in turn, so rack-1 holds the first. */
    static final int RACKS = 4;

    private static final long GIB = 1024L * 1024 * 1024;

    private SimSeed() {}

    /**
     * @param machinesPerSize machines of each size in each partition; {@code vagrant}'s small
     *     machines start with the walkthrough's two ids
     * @param vagrantSuperNetwork the prefix private networks of {@code vagrant} are carved from (/22 each)
     * @param vagrantUnderlay the prefix of {@code vagrant}'s underlay, one address per firewall
     */
    static void seed(SimWorld world, int machinesPerSize, String vagrantSuperNetwork, String vagrantUnderlay) {
        Instant now = world.clock().instant();
        world.catalog().addProject(new Project(PROJECT_ID, "mini-lab", "the mini-lab project", "metal-stack"));
        world.catalog().addProject(new Project(SECOND_PROJECT_ID, "other", "another tenant's project", "metal-stack"));
        world.catalog().addSize(new Size(SMALL_SIZE, "v1-small-x86", "a small x86 machine", 4, 4 * GIB, 100 * GIB));
        world.catalog()
                .addSize(new Size(LARGE_SIZE, "c1-xlarge-x86", "a large x86 machine", 32, 256 * GIB, 3000 * GIB));
        seedImages(world, now);
        world.catalog().addConstraint(new SizeImageConstraint(LARGE_SIZE, "firewall-ubuntu", ">= 3.0"));
        seedPartition(
                world,
                "vagrant",
                "internet-vagrant-lab",
                "185.24.0.0/22",
                vagrantSuperNetwork,
                vagrantUnderlay,
                machinesPerSize,
                now);
        seedPartition(
                world,
                "mini-lab",
                "internet-mini-lab",
                "185.25.0.0/22",
                "10.1.0.0/16",
                "172.16.20.0/24",
                machinesPerSize,
                now);
    }

    private static void seedImages(SimWorld world, Instant now) {
        Instant supported = now.plus(Duration.ofDays(365));
        Set<String> firewall = Set.of("firewall");
        Set<String> machine = Set.of("machine");
        for (String date : List.of("20200924", "20201004", "20201126")) {
            world.catalog()
                    .addImage(image(
                            "firewall-ubuntu-2.0." + date,
                            "Firewall 2 Ubuntu " + date,
                            "firewall-ubuntu",
                            firewall,
                            "supported",
                            supported,
                            now));
        }
        world.catalog()
                .addImage(image(
                        "firewall-ubuntu-3.0.20240503",
                        "Firewall 3 Ubuntu 20240503",
                        "firewall-ubuntu",
                        firewall,
                        "supported",
                        supported,
                        now));
        world.catalog()
                .addImage(image(
                        "firewall-ubuntu-2.1.20210301",
                        "Firewall 2.1 Ubuntu 20210301",
                        "firewall-ubuntu",
                        firewall,
                        "deprecated",
                        now.plus(Duration.ofDays(7)),
                        now));
        world.catalog()
                .addImage(image(
                        "firewall-ubuntu-1.0.20190101",
                        "Firewall 1 Ubuntu 20190101",
                        "firewall-ubuntu",
                        firewall,
                        "deprecated",
                        now.minus(Duration.ofDays(30)),
                        now));
        world.catalog()
                .addImage(image(
                        "ubuntu-cloud-init-20.04",
                        "Ubuntu Cloud Init 20.04",
                        "ubuntu-cloud-init",
                        machine,
                        "supported",
                        supported,
                        now));
        world.catalog()
                .addImage(image(
                        "ubuntu-20.04.20201026",
                        "Ubuntu 20.04 20201026",
                        "ubuntu",
                        machine,
                        "supported",
                        supported,
                        now));
    }

    private static Image image(
            String id,
            String name,
            String os,
            Set<String> features,
            String classification,
            Instant expiration,
            Instant now) {
        Semver version = Semver.parse(id.substring(os.length() + 1));
        return new Image(id, name, name, os, version, features, classification, expiration, now);
    }

    private static void seedPartition(
            SimWorld world,
            String partition,
            String internetId,
            String internetPrefix,
            String superPrefix,
            String underlayPrefix,
            int machinesPerSize,
            Instant now) {
        world.catalog().addPartition(new Partition(partition, partition, "simulated partition " + partition));
        world.addNetwork(new Network(
                "tenant-super-network-" + partition,
                "tenant super network",
                "super network of " + partition,
                partition,
                "",
                null,
                Map.of(),
                List.of(superPrefix),
                true,
                false,
                false,
                false,
                0,
                "super",
                22,
                now));
        world.addNetwork(new Network(
                internetId,
                "internet",
                "the internet",
                partition,
                "",
                null,
                DEFAULT_NETWORK_LABELS,
                List.of(internetPrefix),
                false,
                false,
                true,
                false,
                104009,
                "external",
                null,
                now));
        world.addNetwork(new Network(
                "underlay-" + partition + ("vagrant".equals(partition) ? "-lab" : ""),
                "underlay",
                "underlay of " + partition,
                partition,
                "",
                null,
                Map.of(),
                List.of(underlayPrefix),
                false,
                true,
                false,
                false,
                0,
                "underlay",
                null,
                now));
        for (String size : List.of(SMALL_SIZE, LARGE_SIZE)) {
            for (int i = 0; i < machinesPerSize; i++) {
                String id = "vagrant".equals(partition) && SMALL_SIZE.equals(size) && i < WALKTHROUGH_MACHINES.size()
                        ? WALKTHROUGH_MACHINES.get(i)
                        : UUID.nameUUIDFromBytes((partition + "/" + size + "/" + i).getBytes(StandardCharsets.UTF_8))
                                .toString();
                Machine machine = new Machine(id, partition, size, "rack-" + (1 + i % RACKS), now);
                machine.record(new SimModel.Event(now, "Waiting", ""));
                world.addMachine(machine);
            }
        }
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.HandPlayedCore.PARTITION;
import static io.github.xcluster.it.HandPlayedCore.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.xcluster.api.capi.MachineAddress;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.IpAllocationRequest;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.testing.Samples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cluster API provider's controllers on a real API server with Cluster API's own CRDs, core's part played by the
 * test ({@link HandPlayedCore}). The real CAPI controllers drive the same objects in {@code ClusterApiProviderTest}.
 */
class MetalStackProviderTest {
    private static final String LARGE_SIZE = "c1-xlarge-x86";
    private static final int MACHINES_PER_SIZE = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private static LocalWorld world;
    private static KubernetesClient client;
    private static HandPlayedCore core;
    private static MetalApi metal;

    @BeforeAll
    static void startWorldWithClusterApiCrds() {
        world = HandPlayedCore.startWorld(Path.of("target/capi-provider-world"), MACHINES_PER_SIZE);
        client = world.client();
        core = new HandPlayedCore(client);
        metal = HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aClusterGetsItsNetworkEndpointAndMachinesAndGivesBackExactlyThose() {
        String namespace = SharedWorld.newNamespace(client, "capi");
        core.createCluster(namespace, "c1", false, "");
        MetalStackCluster ready = awaitClusterReady(namespace, "c1");
        String networkId = ready.getStatus().getNodeNetworkID();
        String endpoint = ready.getSpec().getControlPlaneEndpoint().getHost();
        assertThat(ready.getSpec().getControlPlaneEndpoint().getPort()).isEqualTo(443);
        assertThat(ready.getStatus().getInitialization().getProvisioned()).isTrue();
        assertThat(networksOf(ready)).extracting(Network::id).containsExactly(networkId);
        IpAddress endpointIp = metal.ip(endpoint).orElseThrow();
        assertThat(endpointIp.type()).isEqualTo(IpAddress.Type.STATIC);
        assertThat(endpointIp.networkId()).isEqualTo("internet-mini-lab");

        core.markInfrastructureProvisioned(namespace, "c1");
        core.createMachine(namespace, "c1", "cp-0", true, "");
        core.createMachine(
                namespace, "c1", "md-0", false, "sshPublicKeys: [\"" + Samples.SSH_KEY + "\"]\ntags: [team=blue]");
        MetalStackMachine cp = awaitMachineReady(namespace, "cp-0");
        MetalStackMachine md = awaitMachineReady(namespace, "md-0");
        Machine cpMachine = metal.machine(cp.getStatus().getMachineID()).orElseThrow();
        Machine mdMachine = metal.machine(md.getStatus().getMachineID()).orElseThrow();
        assertThat(cp.getSpec().getProviderID()).isEqualTo("metal://" + PARTITION + "/" + cpMachine.id());
        assertThat(cp.getStatus().getInitialization().getProvisioned()).isTrue();
        assertThat(cpMachine.allocation().networkIds()).contains(networkId, "internet-mini-lab");
        assertThat(cpMachine.allocation().networks().stream().flatMap(n -> n.ips().stream()))
                .contains(endpoint);
        assertThat(mdMachine.allocation().networkIds()).containsExactly(networkId);
        assertThat(mdMachine.tags()).contains("team=blue");
        assertThat(cpMachine.rackId())
                .as("machines of one cluster are placed apart")
                .isNotEqualTo(mdMachine.rackId());
        assertThat(cp.getStatus().getAddresses())
                .extracting(MachineAddress::getType)
                .contains(MachineAddress.Type.Hostname, MachineAddress.Type.InternalIP, MachineAddress.Type.ExternalIP);
        assertThat(md.getStatus().getAddresses())
                .extracting(MachineAddress::getType)
                .containsExactly(MachineAddress.Type.Hostname, MachineAddress.Type.InternalIP);
        assertThat(machinesOf(ready)).hasSize(2);

        deleteMachines(namespace);
        assertThat(metal.machine(mdMachine.id()).orElseThrow().isAllocated()).isFalse();
        assertThat(metal.machine(cpMachine.id()).orElseThrow().isAllocated()).isFalse();
        assertThat(metal.ip(endpoint))
                .as("the static endpoint address outlives its machines")
                .isPresent();

        deleteCluster(namespace, "c1");
        assertThat(metal.ip(endpoint)).isEmpty();
        assertThat(metal.network(networkId)).isEmpty();
    }

    @Test
    void anOrphanedClusterKeepsItsNetworkAddressAndMachinesInMetalApi() {
        String namespace = SharedWorld.newNamespace(client, "capi");
        core.createCluster(namespace, "kept", false, "");
        client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName("kept")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"cluster.www.x-cellent.com/deletion-policy\":\"Orphan\"}}}");
        MetalStackCluster ready = awaitClusterReady(namespace, "kept");
        core.markInfrastructureProvisioned(namespace, "kept");
        core.createMachine(namespace, "kept", "md-0", false, "");
        String machineId = awaitMachineReady(namespace, "md-0").getStatus().getMachineID();

        deleteMachines(namespace);
        deleteCluster(namespace, "kept");

        assertThat(metal.machine(machineId).orElseThrow().isAllocated())
                .as("the machine follows its cluster's policy")
                .isTrue();
        assertThat(metal.network(ready.getStatus().getNodeNetworkID())).isPresent();
        assertThat(metal.ip(ready.getSpec().getControlPlaneEndpoint().getHost()))
                .isPresent();
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(event -> event.getReason().equals("Orphaned"))
                .extracting(event -> event.getInvolvedObject().getKind() + ": " + event.getMessage())
                .containsExactlyInAnyOrder(
                        "MetalStackMachine: deletion policy Orphan (annotation cluster.www.x-cellent.com/deletion-policy"
                                + " of MetalStackCluster kept): machine " + machineId + " stays in metal-api",
                        "MetalStackCluster: deletion policy Orphan (annotation cluster.www.x-cellent.com/deletion-policy):"
                                + " the node network, the control-plane address and the machines of cluster id "
                                + clusterId(ready) + " stay in metal-api");
        metal.freeMachine(machineId); // the network stays: the tests of this world never count all networks
    }

    @Test
    void aPausedClusterIsLeftAloneUntilItIsUnpaused() {
        String namespace = SharedWorld.newNamespace(client, "capi-paused");
        core.createCluster(namespace, "paused", true, "");
        await().atMost(PATIENCE)
                .until(() -> condition(infrastructure(namespace, "paused"), "Paused")
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent());
        MetalStackCluster paused = infrastructure(namespace, "paused");
        assertThat(paused.getStatus().getNodeNetworkID()).isNull();
        assertThat(paused.getMetadata().getAnnotations())
                .doesNotContainKey("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");

        core.setPaused(namespace, "paused", false);
        MetalStackCluster ready = awaitClusterReady(namespace, "paused");
        assertThat(condition(ready, "Paused").orElseThrow().getStatus()).isEqualTo("False");
        deleteCluster(namespace, "paused");
        assertThat(networksOf(ready)).isEmpty();
    }

    @Test
    void aNetworkAndAddressTheUserBroughtAreUsedAndNeverFreed() {
        String namespace = SharedWorld.newNamespace(client, "capi-byo");
        Network own = metal.allocateNetwork(
                new NetworkAllocationRequest(PROJECT, PARTITION, "byo", "brought by the user", Map.of()));
        IpAddress ownIp = metal.allocateIp(new IpAllocationRequest(
                "internet-mini-lab", PROJECT, IpAddress.Type.STATIC, "byo", "brought by the user", List.of(), null));
        core.createCluster(
                namespace, "byo", false, "nodeNetworkID: " + own.id() + "\ncontrolPlaneIP: " + ownIp.address());
        MetalStackCluster ready = awaitClusterReady(namespace, "byo");
        assertThat(ready.getStatus().getNodeNetworkID()).isEqualTo(own.id());
        assertThat(ready.getSpec().getControlPlaneEndpoint().getHost()).isEqualTo(ownIp.address());

        deleteCluster(namespace, "byo");
        assertThat(metal.network(own.id())).isPresent();
        assertThat(metal.ip(ownIp.address())).isPresent();
        metal.freeIp(ownIp.address());
        metal.freeNetwork(own.id());
    }

    @Test
    void aProviderIdSetBeforehandPlacesTheNodeOnThatMachine() {
        String namespace = SharedWorld.newNamespace(client, "capi-placed");
        core.createCluster(namespace, "placed", false, "");
        awaitClusterReady(namespace, "placed");
        core.markInfrastructureProvisioned(namespace, "placed");
        String wanted = freeMachines(HandPlayedCore.SIZE).get(0);
        core.createMachine(namespace, "placed", "md-0", false, "providerID: metalstack://" + wanted);

        MetalStackMachine ready = awaitMachineReady(namespace, "md-0");
        assertThat(ready.getStatus().getMachineID()).isEqualTo(wanted);
        assertThat(ready.getSpec().getProviderID()).isEqualTo("metal://" + PARTITION + "/" + wanted);
        deleteMachines(namespace);
        deleteCluster(namespace, "placed");
    }

    @Test
    void aFullPartitionIsAClearConditionAndRecoversWhenAMachineIsFreed() {
        String namespace = SharedWorld.newNamespace(client, "capi-full");
        core.createCluster(namespace, "full", false, "");
        awaitClusterReady(namespace, "full");
        core.markInfrastructureProvisioned(namespace, "full");
        Network holders = metal.allocateNetwork(
                new NetworkAllocationRequest(PROJECT, PARTITION, "holders", "takes every large machine", Map.of()));
        List<Machine> taken = new ArrayList<>();
        for (String free : freeMachines(LARGE_SIZE)) {
            taken.add(metal.allocateMachine(new MachineAllocationRequest(
                    "holder",
                    "holder",
                    "",
                    PROJECT,
                    PARTITION,
                    LARGE_SIZE,
                    HandPlayedCore.IMAGE,
                    free,
                    List.of(holders.id()),
                    List.of(),
                    List.of(),
                    null,
                    List.of(),
                    List.of())));
        }
        core.createMachine(namespace, "full", "big-0", false, LARGE_SIZE, "");
        await().atMost(PATIENCE)
                .until(() -> condition(machine(namespace, "big-0"), "Ready")
                        .filter(c -> "NoMachineAvailable".equals(c.getReason()))
                        .isPresent());
        assertThat(condition(machine(namespace, "big-0"), "Ready").orElseThrow().getMessage())
                .contains("no machine available");

        metal.freeMachine(taken.get(0).id());
        MetalStackMachine ready = awaitMachineReady(namespace, "big-0");
        assertThat(ready.getStatus().getMachineID()).isEqualTo(taken.get(0).id());
        deleteMachines(namespace);
        deleteCluster(namespace, "full");
        taken.subList(1, taken.size()).forEach(m -> metal.freeMachine(m.id()));
        await().atMost(PATIENCE).untilAsserted(() -> metal.freeNetwork(holders.id()));
    }

    private static List<String> freeMachines(String size) {
        return world.simulator().counters().freeMachineIds(PARTITION, size);
    }

    /**
     * What clusterctl move does to our objects, on one API server: pause, objects gone without our finalizers
     * running, the same objects (names, spec, annotations) created again with new UIDs, unpause. They find the
     * network, address and machine they had; nothing is allocated twice.
     */
    @Test
    void objectsRecreatedWithNewUidsFindTheirNetworkAddressAndMachineAgain() {
        String namespace = SharedWorld.newNamespace(client, "capi-moved");
        core.createCluster(namespace, "moved", false, "");
        MetalStackCluster before = awaitClusterReady(namespace, "moved");
        core.markInfrastructureProvisioned(namespace, "moved");
        core.createMachine(namespace, "moved", "md-0", false, "");
        MetalStackMachine machineBefore = awaitMachineReady(namespace, "md-0");

        core.setPaused(namespace, "moved", true);
        await().atMost(PATIENCE)
                .until(() -> condition(infrastructure(namespace, "moved"), "Paused")
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent());
        MetalStackCluster copy = withoutServerFields(infrastructure(namespace, "moved"));
        MetalStackMachine machineCopy = withoutServerFields(machine(namespace, "md-0"));
        forget(infrastructure(namespace, "moved"));
        forget(machine(namespace, "md-0"));
        GenericKubernetesResource cluster = core.cluster(namespace, "moved");
        client.resource(cluster).withTimeoutInMillis(PATIENCE.toMillis()).delete();
        client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Machine")
                .inNamespace(namespace)
                .delete();
        await().atMost(PATIENCE).until(() -> core.cluster(namespace, "moved") == null);

        core.createCluster(namespace, "moved", true, "");
        // the helper's own MetalStackCluster makes way for the copy; the operator may have put its finalizer on it,
        // and a paused cluster's cleanup waits, so it is forgotten (until the finalizer stays off)
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            MetalStackCluster placeholder = infrastructure(namespace, "moved");
            if (placeholder != null) {
                forget(placeholder);
            }
            return infrastructure(namespace, "moved") == null;
        });
        GenericKubernetesResource newCluster = core.cluster(namespace, "moved");
        copy.getMetadata().setOwnerReferences(List.of(ownerReference(newCluster)));
        client.resource(copy).create();
        core.setPaused(namespace, "moved", false);
        MetalStackCluster after = awaitClusterReady(namespace, "moved");
        assertThat(after.getMetadata().getUid())
                .isNotEqualTo(before.getMetadata().getUid());
        assertThat(after.getStatus().getNodeNetworkID())
                .isEqualTo(before.getStatus().getNodeNetworkID());
        assertThat(after.getSpec().getControlPlaneEndpoint().getHost())
                .isEqualTo(before.getSpec().getControlPlaneEndpoint().getHost());
        assertThat(after.getStatus().getControlPlaneIP())
                .as("the address control-plane machines are allocated with, found again although the copy came"
                        + " with its endpoint set and without a status")
                .isNotNull()
                .isEqualTo(before.getStatus().getControlPlaneIP());
        assertThat(networksOf(after)).hasSize(1);

        core.markInfrastructureProvisioned(namespace, "moved");
        core.createMachine(namespace, "moved", "md-0", false, "");
        MetalStackMachine machineAfter = awaitMachineReady(namespace, "md-0");
        assertThat(machineAfter.getStatus().getMachineID())
                .isEqualTo(machineBefore.getStatus().getMachineID());
        assertThat(machineCopy.getSpec().getProviderID())
                .isEqualTo(machineAfter.getSpec().getProviderID());
        assertThat(machinesOf(after)).hasSize(1);
        deleteMachines(namespace);
        deleteCluster(namespace, "moved");
        assertThat(networksOf(after)).isEmpty();
    }

    /** The operator killed at seeded random moments while a cluster and three machines come up: one of each. */
    @Test
    void anOperatorKilledAtRandomMomentsLeavesExactlyOneMetalObjectPerObject() throws InterruptedException {
        String namespace = SharedWorld.newNamespace(client, "capi-crash");
        Random random = new Random(16);
        core.createCluster(namespace, "crash", false, "");
        for (int i = 0; i < 2; i++) {
            Thread.sleep(random.nextInt(400));
            world.restartOperator();
        }
        MetalStackCluster ready = awaitClusterReady(namespace, "crash");
        core.markInfrastructureProvisioned(namespace, "crash");
        for (int i = 0; i < 3; i++) {
            core.createMachine(namespace, "crash", "md-" + i, i == 0, "");
        }
        for (int i = 0; i < 3; i++) {
            Thread.sleep(random.nextInt(600));
            world.restartOperator();
        }
        for (int i = 0; i < 3; i++) {
            awaitMachineReady(namespace, "md-" + i);
        }
        assertThat(networksOf(ready)).hasSize(1);
        assertThat(metal.findIps(new io.github.xcluster.metal.IpQuery(
                        PROJECT, null, List.of("cluster.metal-stack.io/id=" + clusterId(ready)))))
                .hasSize(1);
        assertThat(machinesOf(ready)).hasSize(3);
        deleteMachines(namespace);
        deleteCluster(namespace, "crash");
        assertThat(machinesOf(ready)).isEmpty();
        assertThat(networksOf(ready)).isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference ownerReference(GenericKubernetesResource owner) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T withoutServerFields(T resource) {
        resource.getMetadata().setUid(null);
        resource.getMetadata().setResourceVersion(null);
        resource.getMetadata().setCreationTimestamp(null);
        resource.getMetadata().setManagedFields(null);
        resource.getMetadata().setFinalizers(null);
        resource.getMetadata().setOwnerReferences(null);
        resource.getMetadata().setGeneration(null);
        return resource;
    }

    /** Removes our finalizer and deletes, as clusterctl move does with the objects it moved. */
    private static void forget(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        client.resource(resource).edit(r -> {
            r.getMetadata().setFinalizers(List.of());
            return r;
        });
        client.resource(resource).delete();
    }

    private static MetalStackCluster awaitClusterReady(String namespace, String name) {
        return await().atMost(PATIENCE)
                .until(
                        () -> infrastructure(namespace, name),
                        c -> c != null && c.getStatus() != null && c.getStatus().isReady());
    }

    private static MetalStackMachine awaitMachineReady(String namespace, String name) {
        return await().atMost(PATIENCE)
                .until(
                        () -> machine(namespace, name),
                        m -> m != null && m.getStatus() != null && m.getStatus().isReady());
    }

    private static MetalStackCluster infrastructure(String namespace, String name) {
        return client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static MetalStackMachine machine(String namespace, String name) {
        return client.resources(MetalStackMachine.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static Optional<Condition> condition(io.github.xcluster.api.ResourceStatus status, String type) {
        return status == null
                ? Optional.empty()
                : status.getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst();
    }

    private static Optional<Condition> condition(MetalStackCluster cluster, String type) {
        return cluster == null ? Optional.empty() : condition(cluster.getStatus(), type);
    }

    private static Optional<Condition> condition(MetalStackMachine machine, String type) {
        return machine == null ? Optional.empty() : condition(machine.getStatus(), type);
    }

    private static void deleteMachines(String namespace) {
        client.resources(MetalStackMachine.class).inNamespace(namespace).delete();
        await().atMost(PATIENCE)
                .until(() -> client.resources(MetalStackMachine.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    private static void deleteCluster(String namespace, String name) {
        client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .delete();
        await().atMost(PATIENCE).until(() -> infrastructure(namespace, name) == null);
    }

    private static String clusterId(MetalStackCluster cluster) {
        return cluster.getMetadata().getAnnotations().get("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");
    }

    private static List<Network> networksOf(MetalStackCluster cluster) {
        return metal.findNetworks(
                new NetworkQuery(PROJECT, PARTITION, Map.of("cluster.metal-stack.io/id", clusterId(cluster))));
    }

    private static List<Machine> machinesOf(MetalStackCluster cluster) {
        return metal.findMachines(
                new MachineQuery(PROJECT, PARTITION, null, List.of("cluster.metal-stack.io/id=" + clusterId(cluster))));
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.testing.ClusterApiWorld.PARTITION;
import static io.github.xcluster.testing.ClusterApiWorld.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.metal.IpQuery;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.testing.ClusterApiWorld;
import io.github.xcluster.testing.Clusterctl;
import io.github.xcluster.testing.SecondManagementCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our provider under the real Cluster API v1.14.2 controllers (core, kubeadm bootstrap, kubeadm control plane, each
 * with its webhooks), built from Go modules and run as processes against a real API server, with the simulator:
 * {@code clusterctl generate cluster} from our template, applied, provisioned; Nodes registered in a second API server
 * (the workload cluster, as kubelet and metal-ccm would) make the Machines Running; scaling allocates and frees one
 * for one; a full partition is a condition and recovers; the firewall of the cluster's MetalStackFirewallDeployment
 * makes the infrastructure ready once it phoned home, and a change of its template rolls out with the node network
 * never unprotected; the operator killed at seeded moments leaves one metal-stack
 * object per object; pause keeps hands off; {@code clusterctl move} to a second management cluster finds everything
 * again there (its firewall included), and deleting the Cluster there frees it exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterApiProviderTest {
    private static final String CLUSTER = "w1";
    private static final int MACHINES_PER_SIZE = 6;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static ClusterApiWorld world;
    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static MetalApi metal;
    private static String namespace;

    @BeforeAll
    static void startManagementAndWorkloadClusters() {
        world = ClusterApiWorld.start(Path.of("target/capi-e2e"), MACHINES_PER_SIZE, Duration.ofMillis(50));
        client = world.client();
        kubectl = world.management().kubectl();
        metal = world.metal();
        namespace = SharedWorld.newNamespace(client, "capi-e2e");
        world.prepareWorkload(namespace, CLUSTER);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Order(1)
    void aGeneratedClusterIsProvisionedAndItsMachinesRunThroughAnOperatorKilledAtRandom() {
        assertSucceeded(kubectl.runWithInput(world.generateCluster(namespace, CLUSTER, 1, 2), "apply", "-f", "-"));
        killOperatorAtRandomMoments(new Random(1614), 3, 1500);

        await().atMost(PATIENCE)
                .until(() ->
                        Boolean.TRUE.equals(cluster().get("status", "initialization", "infrastructureProvisioned")));
        MetalStackCluster infrastructure = infrastructure();
        String endpoint = infrastructure.getSpec().getControlPlaneEndpoint().getHost();
        assertTheFirewallProtectsTheNodeNetwork(infrastructure);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(machinePhases()).hasSize(3).containsOnly("Running"));

        List<MetalStackMachine> machines = metalStackMachines();
        assertThat(machines).hasSize(3).allSatisfy(m -> {
            assertThat(m.getSpec().getProviderID()).startsWith("metal://" + PARTITION + "/");
            assertThat(m.getStatus().getAddresses()).isNotEmpty();
        });
        assertOneMetalMachinePerMetalStackMachine(infrastructure);
        for (MetalStackMachine m : machines) {
            Machine allocated = metal.machine(m.getStatus().getMachineID()).orElseThrow();
            assertThat(world.management().simulator().counters().userData(allocated.id()))
                    .as(
                            "machine %s was allocated with its bootstrap data",
                            m.getMetadata().getName())
                    .isEqualTo(bootstrapData(m));
            assertThat(allocated.allocation().networkIds())
                    .contains(infrastructure.getStatus().getNodeNetworkID());
            boolean controlPlane = m.getMetadata().getLabels().containsKey("cluster.x-k8s.io/control-plane");
            assertThat(allocated.allocation().networks().stream()
                            .anyMatch(n -> n.ips().contains(endpoint)))
                    .as("machine %s holds the endpoint address", m.getMetadata().getName())
                    .isEqualTo(controlPlane);
        }
    }

    @Test
    @Order(2)
    void scalingAllocatesAndFreesOneForOneAndAFullPartitionRecovers() {
        MetalStackCluster infrastructure = infrastructure();
        scaleWorkers(3);
        killOperatorAtRandomMoments(new Random(3), 2, 1000);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(machinesOf(infrastructure)).hasSize(4));
        scaleWorkers(1);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(machinesOf(infrastructure)).hasSize(2));

        scaleWorkers(MACHINES_PER_SIZE);
        await().atMost(PATIENCE)
                .until(() -> metalStackMachines().stream()
                        .anyMatch(m -> m.getStatus() != null
                                && m.getStatus().getConditions().stream()
                                        .anyMatch(c -> "NoMachineAvailable".equals(c.getReason()))));
        assertThat(machinesOf(infrastructure)).hasSize(MACHINES_PER_SIZE);
        scaleWorkers(1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(machinesOf(infrastructure)).hasSize(2);
            assertThat(machinePhases()).hasSize(2).containsOnly("Running");
        });
        assertOneMetalMachinePerMetalStackMachine(infrastructure);
    }

    @Test
    @Order(3)
    void aPausedClusterIsLeftAlone() {
        setPaused(true);
        await().atMost(PATIENCE)
                .until(() -> infrastructure().getStatus().getConditions().stream()
                        .anyMatch(c -> "Paused".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(metalStackMachines())
                .allSatisfy(m -> assertThat(m.getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Paused");
                    assertThat(c.getStatus()).isEqualTo("True");
                }));
        setPaused(false);
    }

    /**
     * A change of the firewall template (a new ingress rule) rolls out through an operator killed at seeded moments:
     * the new firewall is allocated in the node network beside the old one, which is freed once the new one phoned
     * home. Sampled throughout, the node network never has no ready firewall and the MetalStackCluster stays Ready.
     */
    @Test
    @Order(4)
    void aFirewallTemplateChangeRollsOutWithTheNodeNetworkNeverUnprotected() throws InterruptedException {
        MetalStackCluster infrastructure = infrastructure();
        String network = infrastructure.getStatus().getNodeNetworkID();
        String before = firewallDeployment().getStatus().getActiveFirewall();
        List<Integer> readyFirewalls = new CopyOnWriteArrayList<>();
        List<Boolean> clusterReady = new CopyOnWriteArrayList<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                readyFirewalls.add(world.management()
                        .simulator()
                        .counters()
                        .readyFirewallIdsIn(network)
                        .size());
                clusterReady.add(infrastructure().getStatus().isReady());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            assertSucceeded(kubectl.run(
                    "patch",
                    "metalstackfirewalltemplate",
                    CLUSTER,
                    "-n",
                    namespace,
                    "--type=json",
                    "-p",
                    "[{\"op\":\"add\",\"path\":\"/spec/initialRuleSet/ingress/-\",\"value\":"
                            + "{\"comment\":\"ssh from the office\",\"protocol\":\"TCP\",\"ports\":[22],"
                            + "\"from\":[\"203.0.113.0/24\"]}}]"));
            killOperatorAtRandomMoments(new Random(17), 2, 800);
            await().atMost(PATIENCE).untilAsserted(() -> {
                MetalStackFirewallDeployment deployment = firewallDeployment();
                assertThat(deployment.getStatus().getActiveFirewall()).isNotEqualTo(before);
                assertThat(deployment.getStatus().getPendingFirewall()).isNull();
                assertThat(firewallsOf(infrastructure))
                        .extracting(Machine::id)
                        .containsExactly(deployment.getStatus().getActiveFirewall());
            });
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        assertThat(readyFirewalls).isNotEmpty().doesNotContain(0);
        assertThat(clusterReady).isNotEmpty().containsOnly(true);
        MetalStackFirewallDeployment deployment = firewallDeployment();
        assertThat(deployment.getSpec().getManagedResourceRef().getName())
                .isEqualTo("metal://" + PARTITION + "/" + deployment.getStatus().getActiveFirewall());
        assertThat(deployment.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("FirewallUpToDate");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(kubectl.run("get", "events", "-n", namespace, "-o", "jsonpath={.items[*].reason}")
                        .stdout())
                .contains("FirewallRollout", "FirewallReplaced");
    }

    /**
     * clusterctl move to a second management cluster (same metal-api), then the Cluster deleted there: the moved
     * objects (new UIDs, no status) find their network, address and machines, nothing is allocated again, the source
     * frees nothing, and the target frees everything exactly once.
     */
    @Test
    @Order(5)
    void aClusterMovedToAnotherManagementClusterIsFoundThereAndFreedFromThereOnce() {
        MetalStackCluster before = infrastructure();
        List<String> machineIds =
                machinesOf(before).stream().map(Machine::id).sorted().toList();
        List<String> firewallIds = firewallsOf(before).stream().map(Machine::id).toList();
        SecondManagementCluster.installMoveInventory(client, world.capi());
        try (SecondManagementCluster target = SecondManagementCluster.start(
                Path.of("target/capi-e2e/target"),
                world.management().simulator().baseUrl(),
                world.management().hmacKey(),
                world.capi())) {
            Clusterctl.Result moved = world.clusterctl()
                    .run(
                            Map.of(),
                            "move",
                            "--kubeconfig",
                            world.management().kubeconfig().toAbsolutePath().toString(),
                            "--to-kubeconfig",
                            target.kubeconfig().toAbsolutePath().toString(),
                            "--namespace",
                            namespace);
            assertThat(moved.succeeded())
                    .as("clusterctl move: %s %s", moved.stdout(), moved.stderr())
                    .isTrue();
            world.followMachinesIn(target.client());
            assertThat(client.resources(MetalStackMachine.class)
                            .inNamespace(namespace)
                            .list()
                            .getItems())
                    .isEmpty();

            MetalStackCluster after = await().atMost(PATIENCE)
                    .until(
                            () -> target.client()
                                    .resources(MetalStackCluster.class)
                                    .inNamespace(namespace)
                                    .withName(CLUSTER)
                                    .get(),
                            c -> c != null
                                    && c.getStatus() != null
                                    && c.getStatus().isReady());
            assertThat(after.getMetadata().getUid())
                    .isNotEqualTo(before.getMetadata().getUid());
            assertThat(after.getStatus().getNodeNetworkID())
                    .isEqualTo(before.getStatus().getNodeNetworkID());
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(target.client()
                                    .resources(MetalStackMachine.class)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems())
                            .hasSize(machineIds.size())
                            .allSatisfy(m -> assertThat(m.getStatus().isReady()).isTrue()));
            assertThat(machinesOf(after).stream().map(Machine::id).sorted().toList())
                    .as("the same machines, none allocated again, none freed by the source")
                    .isEqualTo(machineIds);
            MetalStackFirewallDeployment movedDeployment = await().atMost(PATIENCE)
                    .until(
                            () -> target.client()
                                    .resources(MetalStackFirewallDeployment.class)
                                    .inNamespace(namespace)
                                    .withName(CLUSTER)
                                    .get(),
                            d -> d != null
                                    && d.getStatus() != null
                                    && d.getStatus().isReady());
            assertThat(movedDeployment.getStatus().getActiveFirewall())
                    .as("the moved deployment serves with the same firewall")
                    .isEqualTo(firewallIds.get(0));
            assertThat(firewallsOf(after).stream().map(Machine::id).toList()).isEqualTo(firewallIds);

            Kubectl targetKubectl = new Kubectl(kubectl.binary(), target.kubeconfig());
            assertSucceeded(targetKubectl.run("delete", "cluster", CLUSTER, "-n", namespace, "--timeout=180s"));
            String mark = "cluster.metal-stack.io/id";
            String id =
                    after.getMetadata().getAnnotations().get("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");
            assertThat(machinesOf(after)).isEmpty();
            assertThat(firewallsOf(after)).isEmpty();
            assertThat(metal.findNetworks(new NetworkQuery(PROJECT, PARTITION, Map.of(mark, id))))
                    .isEmpty();
            assertThat(metal.findIps(new IpQuery(PROJECT, null, List.of(mark + "=" + id))))
                    .isEmpty();
        }
    }

    /** The bootstrap secret's value of the Machine that owns a MetalStackMachine. */
    private static String bootstrapData(MetalStackMachine machine) {
        String owner = machine.getMetadata().getOwnerReferences().stream()
                .filter(reference -> "Machine".equals(reference.getKind()))
                .findFirst()
                .orElseThrow()
                .getName();
        String secret = client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Machine")
                .inNamespace(namespace)
                .withName(owner)
                .get()
                .get("spec", "bootstrap", "dataSecretName");
        String value = client.secrets()
                .inNamespace(namespace)
                .withName(secret)
                .get()
                .getData()
                .get("value");
        return new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void setPaused(boolean paused) {
        assertSucceeded(kubectl.run(
                "patch",
                "cluster",
                CLUSTER,
                "-n",
                namespace,
                "--type=merge",
                "-p",
                "{\"spec\":{\"paused\":" + paused + "}}"));
    }

    private static void killOperatorAtRandomMoments(Random random, int times, int maxDelayMillis) {
        for (int i = 0; i < times; i++) {
            try {
                Thread.sleep(random.nextInt(maxDelayMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            world.management().restartOperator();
        }
    }

    private static void scaleWorkers(int replicas) {
        assertSucceeded(kubectl.run(
                "scale", "machinedeployment", CLUSTER + "-md-0", "-n", namespace, "--replicas=" + replicas));
    }

    private static void assertOneMetalMachinePerMetalStackMachine(MetalStackCluster infrastructure) {
        List<MetalStackMachine> objects = metalStackMachines();
        for (MetalStackMachine object : objects) {
            assertThat(metal.findMachines(new MachineQuery(
                            PROJECT,
                            PARTITION,
                            null,
                            List.of("metal-stack.infrastructure.cluster.x-k8s.io/machine-resource=" + namespace + "."
                                    + object.getMetadata().getName()))))
                    .as("metal-stack machines of %s", object.getMetadata().getName())
                    .hasSize(1);
        }
        assertThat(machinesOf(infrastructure)).hasSize(objects.size());
    }

    /** The firewall of the deployment the generated cluster names is in the node network, ready, and the only one. */
    private static void assertTheFirewallProtectsTheNodeNetwork(MetalStackCluster infrastructure) {
        MetalStackFirewallDeployment deployment = firewallDeployment();
        assertThat(deployment.getStatus().isReady()).isTrue();
        assertThat(deployment.getMetadata().getOwnerReferences())
                .anySatisfy(r -> assertThat(r.getUid())
                        .isEqualTo(infrastructure.getMetadata().getUid()));
        assertThat(deployment.getMetadata().getLabels()).containsEntry("cluster.x-k8s.io/cluster-name", CLUSTER);
        assertThat(client.resources(MetalStackFirewallTemplate.class)
                        .inNamespace(namespace)
                        .withName(CLUSTER)
                        .get()
                        .getMetadata()
                        .getOwnerReferences())
                .anySatisfy(r -> assertThat(r.getUid())
                        .isEqualTo(deployment.getMetadata().getUid()));
        List<Machine> firewalls = firewallsOf(infrastructure);
        assertThat(firewalls)
                .extracting(Machine::id)
                .containsExactly(deployment.getStatus().getActiveFirewall());
        assertThat(firewalls.get(0).allocation().networkIds())
                .contains(infrastructure.getStatus().getNodeNetworkID(), ClusterApiWorld.EXTERNAL_NETWORK);
        assertThat(firewalls.get(0).sizeId()).isEqualTo(ClusterApiWorld.FIREWALL_SIZE);
        assertThat(infrastructure.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("ClusterFirewallDeploymentEnsured");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    /** The cluster's machines in metal-api, its firewall not counted. */
    private static List<Machine> machinesOf(MetalStackCluster cluster) {
        return metal.findMachines(new MachineQuery(PROJECT, PARTITION, null, List.of(clusterTag(cluster)))).stream()
                .filter(machine -> "machine".equals(machine.allocation().role()))
                .toList();
    }

    private static List<Machine> firewallsOf(MetalStackCluster cluster) {
        return metal.findFirewalls(new MachineQuery(PROJECT, PARTITION, null, List.of(clusterTag(cluster))));
    }

    private static String clusterTag(MetalStackCluster cluster) {
        return "cluster.metal-stack.io/id="
                + cluster.getMetadata().getAnnotations().get("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");
    }

    private static MetalStackFirewallDeployment firewallDeployment() {
        return client.resources(MetalStackFirewallDeployment.class)
                .inNamespace(namespace)
                .withName(CLUSTER)
                .get();
    }

    private static MetalStackCluster infrastructure() {
        return client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName(CLUSTER)
                .get();
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource cluster() {
        return client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster")
                .inNamespace(namespace)
                .withName(CLUSTER)
                .get();
    }

    private static List<MetalStackMachine> metalStackMachines() {
        return client.resources(MetalStackMachine.class)
                .inNamespace(namespace)
                .list()
                .getItems();
    }

    private static List<String> machinePhases() {
        return world.capiObjects(namespace, "Machine").stream()
                .map(m -> m.<String>get("status", "phase"))
                .toList();
    }
}

package io.github.xcluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.capi.MachineAddress;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.dev.ClusterApiModule;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.NetworkQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cluster API provider's controllers on a real API server with Cluster API's own CRDs, core's part played by the
 * test: owner references, the Cluster's infrastructure flag, bootstrap secrets. The real CAPI controllers drive the
 * same objects in {@code ClusterApiProviderTest}.
 */
class MetalStackProviderTest {
    private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    private static final String PARTITION = "mini-lab";
    private static final String SIZE = "v1-small-x86";

    private static LocalWorld world;
    private static KubernetesClient client;
    private static MetalApi metal;

    @BeforeAll
    static void startWorldWithClusterApiCrds() {
        world = LocalWorld.start(LocalWorld.Options.forTests(Path.of("target/capi-provider-world")), System.getenv());
        client = world.client();
        ClusterApiModule.install(client);
        world.restartOperator();
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
        GenericKubernetesResource cluster = create(clusterYaml(namespace, "c1"));
        MetalStackCluster infrastructure = ownedBy(
                cluster, Serialization.unmarshal(metalStackClusterYaml(namespace, "c1"), MetalStackCluster.class));
        client.resource(infrastructure).create();

        MetalStackCluster ready = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.resources(MetalStackCluster.class)
                                .inNamespace(namespace)
                                .withName("c1")
                                .get(),
                        c -> c.getStatus() != null && c.getStatus().isReady());
        String networkId = ready.getStatus().getNodeNetworkID();
        String endpoint = ready.getSpec().getControlPlaneEndpoint().getHost();
        assertThat(ready.getSpec().getControlPlaneEndpoint().getPort()).isEqualTo(443);
        assertThat(ready.getStatus().getInitialization().getProvisioned()).isTrue();
        assertThat(metal.findNetworks(
                        new NetworkQuery(PROJECT, PARTITION, Map.of("cluster.metal-stack.io/id", clusterId(ready)))))
                .extracting(n -> n.id())
                .containsExactly(networkId);
        IpAddress endpointIp = metal.ip(endpoint).orElseThrow();
        assertThat(endpointIp.type()).isEqualTo(IpAddress.Type.STATIC);
        assertThat(endpointIp.networkId()).isEqualTo("internet-mini-lab");

        markInfrastructureProvisioned(cluster);
        GenericKubernetesResource controlPlane = create(machineYaml(namespace, "c1", "cp-0", true));
        createBootstrapSecret(namespace, "cp-0", "#cloud-config\nhostname: cp-0\n");
        client.resource(ownedBy(controlPlane, metalStackMachine(namespace, "c1", "cp-0")))
                .create();
        GenericKubernetesResource worker = create(machineYaml(namespace, "c1", "md-0", false));
        createBootstrapSecret(namespace, "md-0", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        client.resource(ownedBy(worker, metalStackMachine(namespace, "c1", "md-0")))
                .create();

        MetalStackMachine cp = awaitReady(namespace, "cp-0");
        MetalStackMachine md = awaitReady(namespace, "md-0");
        Machine cpMachine = metal.machine(cp.getStatus().getMachineID()).orElseThrow();
        Machine mdMachine = metal.machine(md.getStatus().getMachineID()).orElseThrow();
        assertThat(cp.getSpec().getProviderID()).isEqualTo("metal://" + PARTITION + "/" + cpMachine.id());
        assertThat(cpMachine.allocation().networkIds()).contains(networkId, "internet-mini-lab");
        assertThat(cpMachine.allocation().networks().stream().flatMap(n -> n.ips().stream()))
                .contains(endpoint);
        assertThat(mdMachine.allocation().networkIds()).containsExactly(networkId);
        assertThat(cpMachine.rackId())
                .as("machines of one cluster are placed apart")
                .isNotEqualTo(mdMachine.rackId());
        assertThat(cp.getStatus().getAddresses())
                .extracting(MachineAddress::getType)
                .contains(MachineAddress.Type.Hostname, MachineAddress.Type.InternalIP, MachineAddress.Type.ExternalIP);
        assertThat(md.getStatus().getAddresses())
                .extracting(MachineAddress::getType)
                .containsExactly(MachineAddress.Type.Hostname, MachineAddress.Type.InternalIP);
        assertThat(metal.findMachines(new MachineQuery(
                        PROJECT, PARTITION, null, List.of("cluster.metal-stack.io/id=" + clusterId(ready)))))
                .hasSize(2);

        client.resources(MetalStackMachine.class)
                .inNamespace(namespace)
                .withName("md-0")
                .delete();
        client.resources(MetalStackMachine.class)
                .inNamespace(namespace)
                .withName("cp-0")
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(MetalStackMachine.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
        assertThat(metal.machine(mdMachine.id()).orElseThrow().isAllocated()).isFalse();
        assertThat(metal.machine(cpMachine.id()).orElseThrow().isAllocated()).isFalse();
        assertThat(metal.ip(endpoint))
                .as("the static endpoint address outlives its machines")
                .isPresent();

        client.resources(MetalStackCluster.class)
                .inNamespace(namespace)
                .withName("c1")
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(MetalStackCluster.class)
                                .inNamespace(namespace)
                                .withName("c1")
                                .get()
                        == null);
        assertThat(metal.ip(endpoint)).isEmpty();
        assertThat(metal.network(networkId)).isEmpty();
    }

    private static MetalStackMachine awaitReady(String namespace, String name) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.resources(MetalStackMachine.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        m -> m.getStatus() != null && m.getStatus().isReady());
    }

    private static String clusterId(MetalStackCluster cluster) {
        return cluster.getMetadata().getAnnotations().get("metal-stack.infrastructure.cluster.x-k8s.io/cluster-id");
    }

    private static GenericKubernetesResource create(String yaml) {
        return client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
                .create();
    }

    private static <T extends HasMetadata> T ownedBy(HasMetadata owner, T owned) {
        owned.getMetadata()
                .setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController("Machine".equals(owner.getKind()))
                        .build()));
        return owned;
    }

    private static void markInfrastructureProvisioned(GenericKubernetesResource cluster) {
        GenericKubernetesResource live = client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster")
                .inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName())
                .get();
        live.setAdditionalProperty("status", Map.of("initialization", Map.of("infrastructureProvisioned", true)));
        client.resource(live).updateStatus();
    }

    private static void createBootstrapSecret(String namespace, String machine, String userData) {
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName(machine + "-bootstrap")
                        .withNamespace(namespace)
                        .endMetadata()
                        .withStringData(Map.of(
                                "value", userData, "format", userData.startsWith("{") ? "ignition" : "cloud-config"))
                        .build())
                .create();
    }

    private static MetalStackMachine metalStackMachine(String namespace, String cluster, String name) {
        return Serialization.unmarshal("""
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackMachine
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    cluster.x-k8s.io/cluster-name: %s
                spec:
                  image: ubuntu-20.04
                  size: %s
                """.formatted(name, namespace, cluster, SIZE), MetalStackMachine.class);
    }

    private static String clusterYaml(String namespace, String name) {
        return """
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  infrastructureRef:
                    apiGroup: infrastructure.cluster.x-k8s.io
                    kind: MetalStackCluster
                    name: %s
                """.formatted(name, namespace, name);
    }

    private static String metalStackClusterYaml(String namespace, String name) {
        return """
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackCluster
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    cluster.x-k8s.io/cluster-name: %s
                spec:
                  projectID: %s
                  partition: %s
                """.formatted(name, namespace, name, PROJECT, PARTITION);
    }

    private static String machineYaml(String namespace, String cluster, String name, boolean controlPlane) {
        return """
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Machine
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    cluster.x-k8s.io/cluster-name: %s
                    %s
                spec:
                  clusterName: %s
                  bootstrap:
                    dataSecretName: %s-bootstrap
                  infrastructureRef:
                    apiGroup: infrastructure.cluster.x-k8s.io
                    kind: MetalStackMachine
                    name: %s
                """.formatted(
                        name,
                        namespace,
                        cluster,
                        controlPlane ? "cluster.x-k8s.io/control-plane: \"\"" : "nodepool: md-0",
                        cluster,
                        name,
                        name);
    }
}

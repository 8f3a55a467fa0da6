package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.dev.CapiControllers;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A management cluster with the real Cluster API controllers and our operator beside the simulator, plus a second
 * API server that stands in for the workload cluster: its kubeconfig is what the cluster's {@code <name>-kubeconfig}
 * secret holds, it has kubeadm's config (so kubeadm control plane counts as initialized), and Nodes appear in it for
 * every Machine with a providerID, as kubelet and metal-ccm would make them.
 */
public final class ClusterApiWorld implements AutoCloseable {
    public static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    public static final String PARTITION = "mini-lab";
    public static final String SIZE = "v1-small-x86";
    public static final String IMAGE = "ubuntu-20.04";
    public static final String FIREWALL_SIZE = "c1-xlarge-x86";
    public static final String FIREWALL_IMAGE = "firewall-ubuntu-3.0";
    public static final String EXTERNAL_NETWORK = "internet-mini-lab";
    public static final Path TEMPLATE =
            Path.of("dist/clusterctl/infrastructure-metal-stack/v0.1.0/cluster-template.yaml");

    private final LocalWorld world;
    private final CapiControllers capi;
    private final LocalApiServer workload;
    private final KubernetesClient workloadClient;
    private final MetalApi metal;
    private final Path workDir;
    private final ScheduledExecutorService kubelets = Executors.newSingleThreadScheduledExecutor();
    private volatile String namespace;
    private volatile KubernetesClient machinesSource;

    private ClusterApiWorld(LocalWorld world, CapiControllers capi, LocalApiServer workload, Path workDir) {
        this.world = world;
        this.capi = capi;
        this.workload = workload;
        this.workloadClient = workload.newClient();
        this.workDir = workDir;
        this.metal = HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
        this.machinesSource = world.client();
    }

    public static ClusterApiWorld start(Path workDir, int machinesPerSize, Duration provisioningStep) {
        LocalWorld.Options tests = LocalWorld.Options.forTests(workDir.resolve("management"));
        LocalWorld world = LocalWorld.start(
                new LocalWorld.Options(
                        true,
                        tests.workDir(),
                        tests.configDirectory(),
                        0,
                        tests.hmacKey(),
                        machinesPerSize,
                        provisioningStep,
                        0,
                        0,
                        0,
                        List.of(),
                        tests.tenancy()),
                System.getenv());
        CapiControllers capi = null;
        try {
            capi = CapiControllers.start(world.client(), world.kubeconfig(), workDir.resolve("capi"), System.getenv());
            world.restartOperator();
            LocalApiServer workload = LocalApiServer.start(workDir.resolve("workload"), System.getenv());
            return new ClusterApiWorld(world, capi, workload, workDir);
        } catch (RuntimeException e) {
            if (capi != null) {
                capi.close();
            }
            world.close();
            throw e;
        }
    }

    public KubernetesClient client() {
        return world.client();
    }

    public LocalWorld management() {
        return world;
    }

    public MetalApi metal() {
        return metal;
    }

    public CapiControllers capi() {
        return capi;
    }

    public Clusterctl clusterctl() {
        return new Clusterctl(capi.clusterctl(), workDir.toAbsolutePath());
    }

    /** Nodes follow the Machines of this API server from now on, e.g. the target of a clusterctl move. */
    public void followMachinesIn(KubernetesClient client) {
        machinesSource = client;
    }

    /**
     * Prepares the workload side of cluster {@code name} in {@code namespace} and starts registering Nodes for that
     * namespace's Machines; call before applying the cluster.
     */
    public void prepareWorkload(String namespace, String name) {
        this.namespace = namespace;
        world.client()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + "-kubeconfig")
                        .withNamespace(namespace)
                        .addToLabels("cluster.x-k8s.io/cluster-name", name)
                        .endMetadata()
                        .withType("cluster.x-k8s.io/secret")
                        .withData(Map.of(
                                "value",
                                Base64.getEncoder()
                                        .encodeToString(
                                                inlined(workload.kubeconfig()).getBytes(StandardCharsets.UTF_8))))
                        .build())
                .create();
        workloadClient
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("kubeadm-config")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withData(Map.of(
                                "ClusterConfiguration",
                                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"))
                        .build())
                .createOr(NonDeletingOperation::update);
        kubelets.scheduleWithFixedDelay(this::registerNodes, 1, 1, TimeUnit.SECONDS);
    }

    /** {@code clusterctl generate cluster} from our template with the variables of this world. */
    public String generateCluster(String namespace, String name, int controlPlanes, int workers) {
        Clusterctl.Result generated = clusterctl()
                .run(
                        Map.of(
                                "METAL_PROJECT_ID", PROJECT,
                                "METAL_PARTITION", PARTITION,
                                "CONTROL_PLANE_MACHINE_SIZE", SIZE,
                                "CONTROL_PLANE_MACHINE_IMAGE", IMAGE,
                                "WORKER_MACHINE_SIZE", SIZE,
                                "WORKER_MACHINE_IMAGE", IMAGE,
                                "FIREWALL_MACHINE_SIZE", FIREWALL_SIZE,
                                "FIREWALL_MACHINE_IMAGE", FIREWALL_IMAGE,
                                "FIREWALL_EXTERNAL_NETWORKS", "[" + EXTERNAL_NETWORK + "]"),
                        "generate",
                        "cluster",
                        name,
                        "--from",
                        TEMPLATE.toString(),
                        "--target-namespace",
                        namespace,
                        "--kubernetes-version",
                        "v1.34.4",
                        "--control-plane-machine-count",
                        String.valueOf(controlPlanes),
                        "--worker-machine-count",
                        String.valueOf(workers));
        if (!generated.succeeded()) {
            throw new IllegalStateException("clusterctl generate cluster failed: " + generated.stderr());
        }
        return generated.stdout();
    }

    public List<GenericKubernetesResource> capiObjects(String namespace, String kind) {
        return world.client()
                .genericKubernetesResources("cluster.x-k8s.io/v1beta2", kind)
                .inNamespace(namespace)
                .list()
                .getItems();
    }

    /**
     * The kubeconfig with its certificate files inlined as {@code *-data}: kubeadm control plane decodes the client
     * certificate from the secret to decide when to rotate it.
     */
    private static String inlined(Path kubeconfig) {
        try {
            Config config = KubeConfigUtils.parseConfig(kubeconfig.toFile());
            for (NamedCluster cluster : config.getClusters()) {
                cluster.getCluster()
                        .setCertificateAuthorityData(
                                fileData(cluster.getCluster().getCertificateAuthority()));
                cluster.getCluster().setCertificateAuthority(null);
            }
            for (NamedAuthInfo user : config.getUsers()) {
                user.getUser().setClientCertificateData(fileData(user.getUser().getClientCertificate()));
                user.getUser().setClientKeyData(fileData(user.getUser().getClientKey()));
                user.getUser().setClientCertificate(null);
                user.getUser().setClientKey(null);
            }
            return Serialization.asYaml(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig, e);
        }
    }

    private static String fileData(String file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    }

    /** A Ready Node per Machine with a providerID, none for a Machine that is gone. */
    private void registerNodes() {
        try {
            Map<String, String> wanted = new HashMap<>();
            for (GenericKubernetesResource machine : machinesSource
                    .genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Machine")
                    .inNamespace(namespace)
                    .list()
                    .getItems()) {
                String providerId = machine.get("spec", "providerID");
                if (providerId != null) {
                    wanted.put(machine.getMetadata().getName(), providerId);
                }
            }
            wanted.forEach((name, providerId) -> {
                if (workloadClient.nodes().withName(name).get() == null) {
                    registerNode(name, providerId);
                }
            });
            for (Node node : workloadClient.nodes().list().getItems()) {
                if (!wanted.containsKey(node.getMetadata().getName())) {
                    workloadClient.resource(node).delete();
                }
            }
        } catch (RuntimeException e) {
            System.err.println("registering nodes: " + e.getMessage());
        }
    }

    private void registerNode(String name, String providerId) {
        Node created = workloadClient
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withProviderID(providerId)
                        .endSpec()
                        .build())
                .create();
        String now = Instant.now().toString();
        created.setStatus(new NodeStatusBuilder()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .withMessage("kubelet is posting ready status")
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(now)
                .endCondition()
                .build());
        workloadClient.resource(created).updateStatus();
    }

    @Override
    public void close() {
        kubelets.shutdownNow();
        workloadClient.close();
        workload.close();
        capi.close();
        world.close();
    }
}

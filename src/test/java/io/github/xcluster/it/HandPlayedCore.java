package io.github.xcluster.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.dev.ClusterApiModule;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.testing.ClusterApiWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plays Cluster API core's part by hand for tests of our provider alone: Clusters and Machines (core's v1beta2 CRDs
 * must be installed), owner references on our objects, the Cluster's infrastructure flag, bootstrap secrets.
 */
final class HandPlayedCore {
    static final String PROJECT = ClusterApiWorld.PROJECT;
    static final String PARTITION = ClusterApiWorld.PARTITION;
    static final String SIZE = ClusterApiWorld.SIZE;
    static final String IMAGE = ClusterApiWorld.IMAGE;

    private final KubernetesClient client;

    /** A world for tests of the provider alone: Cluster API's CRDs installed, the operator restarted to see them. */
    static LocalWorld startWorld(Path workDir, int machinesPerSize) {
        LocalWorld.Options tests = LocalWorld.Options.forTests(workDir);
        LocalWorld world = LocalWorld.start(
                new LocalWorld.Options(
                        tests.webhooks(),
                        tests.workDir(),
                        tests.configDirectory(),
                        0,
                        tests.hmacKey(),
                        machinesPerSize,
                        tests.provisioningStep(),
                        0,
                        0,
                        0,
                        List.of(),
                        tests.tenancy()),
                System.getenv());
        ClusterApiModule.install(world.client());
        world.restartOperator();
        return world;
    }

    HandPlayedCore(KubernetesClient client) {
        this.client = client;
    }

    /** A Cluster and its MetalStackCluster, owned by it; {@code extraSpec} is more YAML for the latter's spec. */
    GenericKubernetesResource createCluster(String namespace, String name, boolean paused, String extraSpec) {
        GenericKubernetesResource cluster = create("""
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  paused: %s
                  infrastructureRef:
                    apiGroup: infrastructure.cluster.x-k8s.io
                    kind: MetalStackCluster
                    name: %s
                """.formatted(name, namespace, paused, name));
        MetalStackCluster infrastructure = Serialization.unmarshal(
                """
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
                %s
                """.formatted(name, namespace, name, PROJECT, PARTITION, indent(extraSpec)), MetalStackCluster.class);
        client.resource(ownedBy(cluster, infrastructure)).create();
        return cluster;
    }

    void setPaused(String namespace, String name, boolean paused) {
        client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster")
                .inNamespace(namespace)
                .withName(name)
                .edit(cluster -> {
                    ((Map<String, Object>) cluster.getAdditionalProperties().get("spec")).put("paused", paused);
                    return cluster;
                });
    }

    void markInfrastructureProvisioned(String namespace, String name) {
        GenericKubernetesResource live = cluster(namespace, name);
        live.setAdditionalProperty("status", Map.of("initialization", Map.of("infrastructureProvisioned", true)));
        client.resource(live).updateStatus();
    }

    GenericKubernetesResource cluster(String namespace, String name) {
        return client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster")
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** A Machine with its bootstrap secret and its MetalStackMachine; {@code extraSpec} as for clusters. */
    void createMachine(String namespace, String cluster, String name, boolean controlPlane, String extraSpec) {
        createMachine(namespace, cluster, name, controlPlane, SIZE, extraSpec);
    }

    void createMachine(
            String namespace, String cluster, String name, boolean controlPlane, String size, String extraSpec) {
        GenericKubernetesResource machine = create("""
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
                        name));
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + "-bootstrap")
                        .withNamespace(namespace)
                        .endMetadata()
                        .withStringData(
                                Map.of("value", "#cloud-config\nhostname: " + name + "\n", "format", "cloud-config"))
                        .build())
                .createOr(NonDeletingOperation::update);
        MetalStackMachine infrastructure = Serialization.unmarshal(
                """
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackMachine
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    cluster.x-k8s.io/cluster-name: %s
                spec:
                  image: %s
                  size: %s
                %s
                """.formatted(name, namespace, cluster, IMAGE, size, indent(extraSpec)), MetalStackMachine.class);
        client.resource(ownedBy(machine, infrastructure)).create();
    }

    private static String indent(String extraSpec) {
        return extraSpec.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
    }

    private GenericKubernetesResource create(String yaml) {
        return client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
                .create();
    }

    private static <T extends HasMetadata> T ownedBy(HasMetadata owner, T owned) {
        owned.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController("Machine".equals(owner.getKind()))
                        .build()));
        return owned;
    }
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Cluster API core objects our kinds follow, read as generic resources of core's v1beta2 API: who owns an
 * infrastructure object, whether it is paused, whether the cluster's infrastructure is there, and a machine's
 * bootstrap data.
 */
final class ClusterApiObjects {
    static final String CORE_GROUP = "cluster.x-k8s.io";
    static final String CORE_VERSION = "v1beta2";
    static final GroupVersionKind CLUSTER = new GroupVersionKind(CORE_GROUP, CORE_VERSION, "Cluster");
    static final GroupVersionKind MACHINE = new GroupVersionKind(CORE_GROUP, CORE_VERSION, "Machine");
    static final String PAUSED_ANNOTATION = "cluster.x-k8s.io/paused";
    static final String CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
    static final String CONTROL_PLANE_LABEL = "cluster.x-k8s.io/control-plane";

    private final KubernetesClient client;

    ClusterApiObjects(KubernetesClient client) {
        this.client = client;
    }

    /** Whether Cluster API core serves its v1beta2 API here; without it our Cluster API controllers stay off. */
    static boolean isInstalled(KubernetesClient client) {
        APIGroup core = client.getApiGroup(CORE_GROUP);
        return core != null
                && core.getVersions().stream().anyMatch(version -> CORE_VERSION.equals(version.getVersion()));
    }

    /** Core puts an owner reference (not a controller reference) to the Cluster on the InfraCluster. */
    Optional<GenericKubernetesResource> owningCluster(HasMetadata infrastructure) {
        return owner(infrastructure, CLUSTER);
    }

    /** The Machine is the InfraMachine's controller owner. */
    Optional<GenericKubernetesResource> owningMachine(HasMetadata infrastructure) {
        return owner(infrastructure, MACHINE);
    }

    Optional<GenericKubernetesResource> cluster(String namespace, String name) {
        return get(CLUSTER, namespace, name);
    }

    private Optional<GenericKubernetesResource> owner(HasMetadata infrastructure, GroupVersionKind kind) {
        return infrastructure.getMetadata().getOwnerReferences().stream()
                .filter(reference -> isOf(reference, kind))
                .findFirst()
                .flatMap(reference -> get(kind, infrastructure.getMetadata().getNamespace(), reference.getName()));
    }

    private static boolean isOf(OwnerReference reference, GroupVersionKind kind) {
        return kind.getKind().equals(reference.getKind())
                && reference.getApiVersion() != null
                && reference.getApiVersion().startsWith(CORE_GROUP + "/");
    }

    private Optional<GenericKubernetesResource> get(GroupVersionKind kind, String namespace, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(kind.apiVersion(), kind.getKind())
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    /** Hands off: the Cluster says {@code spec.paused}, or either object carries the paused annotation. */
    static boolean isPaused(GenericKubernetesResource cluster, HasMetadata infrastructure) {
        return Boolean.TRUE.equals(cluster.get("spec", "paused"))
                || hasPausedAnnotation(cluster)
                || hasPausedAnnotation(infrastructure);
    }

    static boolean hasPausedAnnotation(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(PAUSED_ANNOTATION);
    }

    /** The name of the infrastructure object a Cluster or Machine refers to, if it is of the given kind. */
    static Optional<String> infrastructureRefName(GenericKubernetesResource owner, String kind) {
        return kind.equals(owner.get("spec", "infrastructureRef", "kind"))
                ? Optional.ofNullable(owner.get("spec", "infrastructureRef", "name"))
                : Optional.empty();
    }

    /**
     * Filters Cluster updates to those our objects act on: Cluster API core rewrites a Cluster's status with every
     * change of its machines, and each such update would reconcile every machine of the cluster.
     */
    static boolean pauseOrInfrastructureChanged(GenericKubernetesResource now, GenericKubernetesResource before) {
        return !Objects.equals(now.get("spec", "paused"), before.get("spec", "paused"))
                || hasPausedAnnotation(now) != hasPausedAnnotation(before)
                || infrastructureProvisioned(now) != infrastructureProvisioned(before)
                || !Objects.equals(now.get("spec", "infrastructureRef"), before.get("spec", "infrastructureRef"));
    }

    /** A Machine's status changes all the time; its infrastructure waits only for the bootstrap data. */
    static boolean bootstrapDataChanged(GenericKubernetesResource now, GenericKubernetesResource before) {
        return !Objects.equals(dataSecretName(now), dataSecretName(before));
    }

    static boolean infrastructureProvisioned(GenericKubernetesResource cluster) {
        return Boolean.TRUE.equals(cluster.get("status", "initialization", "infrastructureProvisioned"));
    }

    static Optional<String> dataSecretName(GenericKubernetesResource machine) {
        return Optional.ofNullable(machine.get("spec", "bootstrap", "dataSecretName"));
    }

    static boolean isControlPlane(GenericKubernetesResource machine) {
        Map<String, String> labels = machine.getMetadata().getLabels();
        return labels != null && labels.containsKey(CONTROL_PLANE_LABEL);
    }

    static Optional<String> clusterName(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(CLUSTER_NAME_LABEL));
    }

    /** A bootstrap provider's secret: {@code value} is the user data, {@code format} cloud-config or ignition. */
    record BootstrapData(String value, String format) {}

    Optional<BootstrapData> bootstrapData(String namespace, String secretName) {
        Secret secret =
                client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey("value")) {
            return Optional.empty();
        }
        return Optional.of(new BootstrapData(
                decode(secret.getData().get("value")),
                secret.getData().containsKey("format") ? decode(secret.getData().get("format")) : "cloud-config"));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

package io.github.xcluster.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;

/**
 * The manager Deployment of config/manager as OLM installs it: names prefixed like kustomize does,
 * the image of config/manager's kustomization, and the namespaces to watch taken from the
 * OperatorGroup (OLM writes them into the {@code olm.targetNamespaces} pod annotation; empty means
 * all namespaces, which is also what an empty WATCH_NAMESPACES means to the operator). The pod pins
 * no user or group id: OpenShift's restricted policy assigns one from the namespace's range and
 * refuses others; runAsNonRoot stays, and the image's user is a numeric non-root one. A node affinity
 * keeps the pod on the platforms the CSV declares.
 */
final class OlmDeployment {
    static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
    static final String TARGET_NAMESPACES_FIELD = "metadata.annotations['olm.targetNamespaces']";

    private OlmDeployment() {}

    static Deployment from(Deployment manager, String namePrefix, ContainerImage image, SupportedPlatforms platforms) {
        if (manager.getSpec().getTemplate().getSpec().getAffinity() != null) {
            throw new BundleSourceException("config/manager's Deployment sets an affinity; the bundle's node affinity"
                    + " comes from the CSV base's arch/os labels, so leave it out there");
        }
        List<Container> containers = manager.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(container -> forOlm(container, image))
                .toList();
        return new DeploymentBuilder(manager)
                .editMetadata()
                .withName(namePrefix + manager.getMetadata().getName())
                .withNamespace(null)
                .endMetadata()
                .editSpec()
                .editTemplate()
                .editSpec()
                .withServiceAccountName(
                        namePrefix + manager.getSpec().getTemplate().getSpec().getServiceAccountName())
                .withSecurityContext(withoutFixedIds(
                        manager.getSpec().getTemplate().getSpec().getSecurityContext()))
                .withContainers(containers)
                .withAffinity(platforms.nodeAffinity())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Container forOlm(Container container, ContainerImage image) {
        if (container.getEnv().stream().noneMatch(env -> env.getName().equals(WATCH_NAMESPACES))) {
            throw new BundleSourceException("container " + container.getName()
                    + " of config/manager's Deployment has no " + WATCH_NAMESPACES + " env");
        }
        List<EnvVar> env = container.getEnv().stream()
                .map(variable -> variable.getName().equals(WATCH_NAMESPACES) ? targetNamespaces() : variable)
                .toList();
        String reference = image.replaces(container.getImage()) ? image.reference() : container.getImage();
        return new ContainerBuilder(container).withImage(reference).withEnv(env).build();
    }

    private static PodSecurityContext withoutFixedIds(PodSecurityContext context) {
        return context == null
                ? null
                : new PodSecurityContextBuilder(context)
                        .withRunAsUser(null)
                        .withRunAsGroup(null)
                        .build();
    }

    private static EnvVar targetNamespaces() {
        return new EnvVarBuilder()
                .withName(WATCH_NAMESPACES)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(TARGET_NAMESPACES_FIELD)
                .endFieldRef()
                .endValueFrom()
                .build();
    }
}

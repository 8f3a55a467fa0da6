package io.github.xcluster.tenancy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.xcluster.api.tenancy.ProjectBinding;
import io.github.xcluster.api.tenancy.ProjectBindingSpec;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Which metal-stack projects each namespace may use. */
public interface ProjectGrants extends AutoCloseable {
    ProjectGrant grant(String namespace, String projectId);

    /** Every binding with a spec. */
    List<ProjectBinding> bindings();

    /** Tells the listener the namespaces whose grants a binding's arrival, change or removal touched. */
    void whenChanged(Consumer<Collection<String>> listener);

    @Override
    void close();

    /** Every namespace may use every project, without a quota. */
    static ProjectGrants allProjects() {
        return new ProjectGrants() {
            @Override
            public ProjectGrant grant(String namespace, String projectId) {
                return ProjectGrant.unlimited();
            }

            @Override
            public List<ProjectBinding> bindings() {
                return List.of();
            }

            @Override
            public void whenChanged(Consumer<Collection<String>> listener) {}

            @Override
            public void close() {}
        };
    }

    /**
     * The ProjectBindings of the cluster, watched; returns once they are listed.
     *
     * @throws IllegalStateException when they cannot be listed, e.g. without their CRD
     */
    static ProjectGrants boundBy(KubernetesClient client) {
        try {
            return new Watched(client.resources(ProjectBinding.class).inform());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(
                    "cannot watch ProjectBindings (" + HasMetadata.getFullResourceName(ProjectBinding.class)
                            + "), which TENANCY=" + Tenancy.PROJECT_BINDINGS.setting() + " needs: " + e.getMessage()
                            + "; install the CRDs of config/crd, or run with TENANCY="
                            + Tenancy.SINGLE_TENANT.setting(),
                    e);
        }
    }

    static ProjectGrants of(Tenancy tenancy, KubernetesClient client) {
        return tenancy == Tenancy.SINGLE_TENANT ? allProjects() : boundBy(client);
    }

    /** Bindings are few (one per team and project), so each question walks them all. */
    final class Watched implements ProjectGrants {
        private final SharedIndexInformer<ProjectBinding> informer;

        private Watched(SharedIndexInformer<ProjectBinding> informer) {
            this.informer = informer;
        }

        @Override
        public ProjectGrant grant(String namespace, String projectId) {
            List<ProjectBinding> toNamespace = bindings().stream()
                    .filter(binding -> namespacesOf(binding.getSpec()).contains(namespace))
                    .toList();
            List<ProjectBinding> granting = toNamespace.stream()
                    .filter(binding -> projectId.equals(binding.getSpec().getProjectID()))
                    .toList();
            return new ProjectGrant(
                    !granting.isEmpty(),
                    granting,
                    toNamespace.stream()
                            .map(binding -> binding.getSpec().getProjectID())
                            .distinct()
                            .sorted()
                            .toList());
        }

        @Override
        public List<ProjectBinding> bindings() {
            return informer.getStore().list().stream()
                    .filter(binding -> binding.getSpec() != null)
                    .toList();
        }

        private static Collection<String> namespacesOf(ProjectBindingSpec spec) {
            return spec.getNamespaces() == null ? List.of() : spec.getNamespaces();
        }

        private static Collection<String> namespacesOf(ProjectBinding binding) {
            return binding.getSpec() == null ? List.of() : namespacesOf(binding.getSpec());
        }

        @Override
        public void whenChanged(Consumer<Collection<String>> listener) {
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ProjectBinding binding) {
                    listener.accept(namespacesOf(binding));
                }

                @Override
                public void onUpdate(ProjectBinding before, ProjectBinding after) {
                    Set<String> touched = new HashSet<>(namespacesOf(before));
                    touched.addAll(namespacesOf(after));
                    listener.accept(touched);
                }

                @Override
                public void onDelete(ProjectBinding binding, boolean finalStateUnknown) {
                    listener.accept(namespacesOf(binding));
                }
            });
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}

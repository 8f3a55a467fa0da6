package io.github.xcluster.tenancy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.xcluster.api.tenancy.ProjectBinding;
import io.github.xcluster.api.tenancy.ProjectBindingSpec;
import java.util.Collection;
import java.util.List;

/** Which metal-stack projects each namespace may use. */
public interface ProjectGrants extends AutoCloseable {
    ProjectGrant grant(String namespace, String projectId);

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
            public void close() {}
        };
    }

    /** The ProjectBindings of the cluster, watched; returns once they are listed. */
    static ProjectGrants boundBy(KubernetesClient client) {
        return new Watched(client.resources(ProjectBinding.class).inform());
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
            List<ProjectBinding> toNamespace = informer.getStore().list().stream()
                    .filter(binding -> binding.getSpec() != null
                            && namespacesOf(binding.getSpec()).contains(namespace))
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

        private static Collection<String> namespacesOf(ProjectBindingSpec spec) {
            return spec.getNamespaces() == null ? List.of() : spec.getNamespaces();
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}

package io.github.xcluster.tenancy;

import io.github.xcluster.api.tenancy.ProjectBinding;
import java.util.List;

/**
 * Whether a namespace may use a project: {@code bindings} are those that grant it (each may carry a quota), and
 * {@code boundToNamespace} the projects the namespace may use, for a denial to name. A single-tenant installation
 * grants everything through no binding.
 */
public record ProjectGrant(boolean granted, List<ProjectBinding> bindings, List<String> boundToNamespace) {
    public ProjectGrant {
        bindings = List.copyOf(bindings);
        boundToNamespace = List.copyOf(boundToNamespace);
    }

    static ProjectGrant unlimited() {
        return new ProjectGrant(true, List.of(), List.of());
    }
}

package io.github.xcluster.tenancy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.tenancy.ProjectBinding;
import io.github.xcluster.api.tenancy.ProjectQuota;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.Quoted;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an object must pass before anything is asked of metal-api in its name: its project is bound to its
 * namespace, and a new object fits every quota of the bindings that grant it. A denial names only what the
 * namespace itself may use.
 */
public final class TenantChecks {
    /** What a new object takes from its project: networks and machines. */
    public record Demand(int networks, int machines) {}

    private final Supplier<ProjectGrants> grants;
    private final Supplier<KubernetesClient> client;

    /**
     * @param grants may still be listing the bindings
     * @param client counts the objects of quota-bound namespaces; may still be under construction
     */
    public TenantChecks(Supplier<ProjectGrants> grants, Supplier<KubernetesClient> client) {
        this.grants = grants;
        this.client = client;
    }

    /** Every namespace may use every project, and nothing is counted. */
    public static TenantChecks singleTenant() {
        ProjectGrants all = ProjectGrants.allProjects();
        return new TenantChecks(() -> all, () -> {
            throw new IllegalStateException("a single-tenant installation counts no quota");
        });
    }

    /** @return the grant when the project is bound to the namespace; empty after denying */
    public Optional<ProjectGrant> bound(Findings findings, String field, String namespace, String projectId) {
        ProjectGrant grant = grants.get().grant(namespace, projectId);
        if (grant.granted()) {
            return Optional.of(grant);
        }
        findings.deny(field, notBound(namespace, projectId, grant.boundToNamespace()));
        return Optional.empty();
    }

    /** Denies when the object's demand, added to what the binding's namespaces hold, exceeds a quota. */
    public void withinQuota(
            Findings findings,
            String field,
            String kind,
            String projectId,
            ProjectGrant grant,
            Function<ProjectUsage, Demand> demandOf) {
        for (ProjectBinding binding : grant.bindings()) {
            ProjectQuota quota = binding.getSpec().getQuota();
            if (quota == null || quota.getNetworks() == null && quota.getMachines() == null) {
                continue;
            }
            List<String> namespaces = binding.getSpec().getNamespaces();
            ProjectUsage usage = ProjectUsage.count(client.get(), namespaces, projectId);
            Demand demand = demandOf.apply(usage);
            String of = " in project " + Quoted.of(projectId) + " for the namespaces " + String.join(", ", namespaces)
                    + " (ProjectBinding " + Quoted.of(binding.getMetadata().getName()) + ")";
            exceeds(findings, field, kind, "networks", quota.getNetworks(), usage.networks(), demand.networks(), of);
            exceeds(findings, field, kind, "machines", quota.getMachines(), usage.machines(), demand.machines(), of);
        }
    }

    private static void exceeds(
            Findings findings, String field, String kind, String noun, Integer limit, int held, int needed, String of) {
        if (limit != null && needed > 0 && held + needed > limit) {
            findings.deny(
                    field,
                    "the quota allows " + limit + " " + noun + of + "; " + held + " are held and this " + kind
                            + " needs " + needed + " more");
        }
    }

    /** Why an object may not use its project; names the projects its namespace may use, and no other's. */
    public static String notBound(String namespace, String projectId, List<String> boundToNamespace) {
        String denial = "project " + Quoted.of(projectId) + " is not bound to namespace " + Quoted.of(namespace);
        if (boundToNamespace.isEmpty()) {
            return denial + "; no project is: a cluster administrator binds one with a ProjectBinding"
                    + " (spec.projectID, spec.namespaces)";
        }
        return denial + "; projects bound to it: " + String.join(", ", boundToNamespace);
    }
}

package io.github.xcluster.webhook;

import io.fabric8.kubernetes.client.CustomResource;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.Verdict;
import io.github.xcluster.tenancy.ProjectGrant;
import io.github.xcluster.tenancy.ProjectUsage;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.tenancy.TenantChecks.Demand;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The tenancy checks in front of a kind's own rules: an object whose project is not bound to its namespace, or
 * that would exceed a quota, is denied before anything is asked of metal-api about that project, so a denial
 * cannot tell one tenant about another's networks or machines. The namespace is the request's: the API server sets
 * the object's to it before admission. Deletion and finalizer removal never pass through here (spec unchanged).
 */
final class TenantGate<T extends CustomResource<?, ?>> implements ResourceValidator<T> {
    private static final BiFunction<Object, ProjectUsage, Demand> NOTHING = (object, usage) -> new Demand(0, 0);

    private final TenantChecks checks;
    private final ResourceValidator<T> rules;
    private final String kind;
    private final String field;
    private final Function<T, String> projectOf;
    private final BiFunction<? super T, ProjectUsage, Demand> demandOf;

    /**
     * @param projectOf the object's project, null when it cannot be known yet (a machine without its cluster)
     * @param demandOf what a new object takes from its project's quota, given what is held
     */
    TenantGate(
            TenantChecks checks,
            ResourceValidator<T> rules,
            String kind,
            String field,
            Function<T, String> projectOf,
            BiFunction<? super T, ProjectUsage, Demand> demandOf) {
        this.checks = checks;
        this.rules = rules;
        this.kind = kind;
        this.field = field;
        this.projectOf = projectOf;
        this.demandOf = demandOf;
    }

    /** For a kind that allocates nothing itself, such as a template. */
    static <T extends CustomResource<?, ?>> TenantGate<T> withoutQuota(
            TenantChecks checks, ResourceValidator<T> rules, String kind, String field, Function<T, String> projectOf) {
        return new TenantGate<>(checks, rules, kind, field, projectOf, NOTHING);
    }

    @Override
    public Verdict validate(T object, T old, Operation operation) {
        String project = object == null || object.getMetadata() == null || object.getSpec() == null
                ? null
                : projectOf.apply(object);
        if (project == null || !SpecComparison.writesSpec(object, old, operation)) {
            return rules.validate(object, old, operation);
        }
        Findings findings = new Findings();
        Optional<ProjectGrant> grant =
                checks.bound(findings, field, object.getMetadata().getNamespace(), project);
        if (grant.isPresent() && operation == Operation.CREATE) {
            checks.withinQuota(findings, field, kind, project, grant.get(), usage -> demandOf.apply(object, usage));
        }
        return findings.hasDenials() ? findings.verdict() : rules.validate(object, old, operation);
    }
}

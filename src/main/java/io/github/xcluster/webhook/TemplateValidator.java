package io.github.xcluster.webhook;

import io.fabric8.kubernetes.client.CustomResource;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackClusterTemplate;
import io.github.xcluster.api.capi.MetalStackClusterTemplateResource;
import io.github.xcluster.api.capi.MetalStackClusterTemplateSpec;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.api.capi.MetalStackMachineTemplateResource;
import io.github.xcluster.api.capi.MetalStackMachineTemplateSpec;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules a Cluster API template must pass: its {@code spec.template.spec} those of the kind it is cloned into,
 * and no change once created (Cluster API rolls out a change by pointing to a new template).
 */
final class TemplateValidator<T extends CustomResource<?, ?>, S> implements ResourceValidator<T> {
    static final String TEMPLATE_SPEC = "spec.template.spec";

    /** The checks of the cloned kind, at the template's spec path. */
    interface SpecCheck<S> {
        void check(Findings findings, String specPath, S spec);
    }

    private final Function<T, Optional<S>> specOf;
    private final SpecCheck<S> check;

    private TemplateValidator(Function<T, Optional<S>> specOf, SpecCheck<S> check) {
        this.specOf = specOf;
        this.check = check;
    }

    /** A machine template is written before the clusters that use it: checked as a machine without a cluster. */
    static ResourceValidator<MetalStackMachineTemplate> ofMachines(SpecRules rules) {
        return new TemplateValidator<>(TemplateValidator::machineSpecOf, (findings, specPath, spec) -> {
            rules.denyStaticViolations(findings, specPath, spec);
            if (!findings.hasDenials()) {
                rules.metalStackMachine().check(findings, specPath, FieldChanges.creating(spec), Optional.empty());
            }
        });
    }

    static Optional<MetalStackMachineSpec> machineSpecOf(MetalStackMachineTemplate template) {
        return Optional.ofNullable(template.getSpec())
                .map(MetalStackMachineTemplateSpec::getTemplate)
                .map(MetalStackMachineTemplateResource::getSpec);
    }

    static ResourceValidator<MetalStackClusterTemplate> ofClusters(SpecRules rules) {
        return new TemplateValidator<>(
                template -> Optional.ofNullable(template.getSpec())
                        .map(MetalStackClusterTemplateSpec::getTemplate)
                        .map(MetalStackClusterTemplateResource::getSpec),
                (findings, specPath, spec) -> {
                    rules.denyStaticViolations(findings, specPath, spec);
                    if (!findings.hasDenials()) {
                        rules.metalStackCluster().check(findings, specPath, FieldChanges.creating(spec));
                    }
                });
    }

    @Override
    public Verdict validate(T template, T old, Operation operation) {
        if (!SpecComparison.writesSpec(template, old, operation)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        if (operation == Operation.UPDATE) {
            findings.deny("spec.template", "is immutable; " + InfrastructureKinds.WHY_TEMPLATE_IMMUTABLE);
            return findings.verdict();
        }
        Optional<S> spec = specOf.apply(template);
        if (spec.isEmpty()) {
            findings.deny(TEMPLATE_SPEC, "is required");
        } else {
            check.check(findings, TEMPLATE_SPEC, spec.get());
        }
        return findings.verdict();
    }
}

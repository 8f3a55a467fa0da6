package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.javaoperatorsdk.webhook.admission.AsyncAdmissionController;
import io.javaoperatorsdk.webhook.admission.mutation.Mutator;
import io.javaoperatorsdk.webhook.clone.ObjectMapperCloner;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/** Wires the rules of both kinds into the four webhook endpoints. */
final class Admissions implements AutoCloseable {
    private final SpecConstraints constraints = new SpecConstraints();
    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();
    private final List<AdmissionEndpoint> endpoints;

    Admissions(WebhookSettings settings, CachingMetalLookups lookups, Executor workers, Clock clock) {
        AdmissionRules rules = new AdmissionRules(settings.firewallDefaults(), lookups, constraints, clock);
        AdmissionRunner runner = new AdmissionRunner(
                workers, settings.deadline(), new MetalOutagePolicy(settings.failOpen(), settings.deadline()));
        this.endpoints = List.of(
                validating(WebhookPaths.VALIDATE_XCLUSTER, XCluster.class, rules.clusterValidator, runner),
                mutating(WebhookPaths.MUTATE_XCLUSTER, XCluster.class, rules.clusterDefaulter, runner),
                validating(WebhookPaths.VALIDATE_XFIREWALL, XFirewall.class, rules.firewallValidator, runner),
                mutating(WebhookPaths.MUTATE_XFIREWALL, XFirewall.class, rules.firewallDefaulter, runner));
    }

    List<AdmissionEndpoint> endpoints() {
        return endpoints;
    }

    private <T extends HasMetadata> AdmissionEndpoint validating(
            String path, Class<T> kind, ResourceValidator<T> validator, AdmissionRunner runner) {
        AsyncAdmissionController<T> controller =
                new AsyncAdmissionController<>(new ValidatingAdmission<>(kind, validator, runner));
        return new AdmissionEndpoint(path, kind, controller::handle, codec);
    }

    private <T extends HasMetadata> AdmissionEndpoint mutating(
            String path, Class<T> kind, Mutator<T> defaulter, AdmissionRunner runner) {
        AsyncAdmissionController<T> controller =
                new AsyncAdmissionController<>(new BoundedMutator<>(defaulter, new ObjectMapperCloner<>(), runner));
        return new AdmissionEndpoint(path, kind, controller::handle, codec);
    }

    @Override
    public void close() {
        constraints.close();
    }
}

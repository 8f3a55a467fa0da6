package io.github.xcluster.webhook;

import io.github.xcluster.api.capi.ApiEndpoint;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.rules.FieldChanges;
import io.github.xcluster.rules.Findings;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.webhook.admission.Operation;

/** The rules a MetalStackCluster must pass on CREATE and UPDATE. */
final class MetalStackClusterValidator implements ResourceValidator<MetalStackCluster> {
    private final SpecRules rules;

    MetalStackClusterValidator(SpecRules rules) {
        this.rules = rules;
    }

    @Override
    public Verdict validate(MetalStackCluster cluster, MetalStackCluster old, Operation operation) {
        if (!SpecComparison.writesSpec(cluster, old, operation)) {
            return Verdict.allow();
        }
        Findings findings = new Findings();
        MetalStackClusterSpec spec = cluster.getSpec();
        if (spec == null) {
            findings.deny("spec", "is required");
            return findings.verdict();
        }
        rules.denyStaticViolations(findings, "spec", spec);
        FieldChanges<MetalStackClusterSpec> changes = operation == Operation.UPDATE && old.getSpec() != null
                ? new FieldChanges<>(old.getSpec(), spec)
                : FieldChanges.creating(spec);
        denyImmutableChanges(findings, changes);
        if (!findings.hasDenials()) {
            rules.metalStackCluster().check(findings, "spec", changes);
        }
        return findings.verdict();
    }

    /** In the words of the CRD's CEL rules, which refuse the same changes before a webhook is asked. */
    static void denyImmutableChanges(Findings findings, FieldChanges<MetalStackClusterSpec> changes) {
        changes.denyChange(
                findings,
                "spec.partition",
                MetalStackClusterSpec::getPartition,
                MetalStackClusterSpec.WHY_PARTITION_IMMUTABLE);
        changes.denyChange(
                findings,
                "spec.projectID",
                MetalStackClusterSpec::getProjectID,
                MetalStackClusterSpec.WHY_PROJECT_IMMUTABLE);
        changes.denyChangeOnceSet(
                findings,
                "spec.nodeNetworkID",
                MetalStackClusterSpec::getNodeNetworkID,
                MetalStackClusterSpec.WHY_NODE_NETWORK_IMMUTABLE);
        changes.denyChangeOnceSet(
                findings,
                "spec.controlPlaneIP",
                MetalStackClusterSpec::getControlPlaneIP,
                MetalStackClusterSpec.WHY_CONTROL_PLANE_IP_IMMUTABLE);
        changes.denyChangeOnceSet(
                findings,
                "spec.controlPlaneEndpoint",
                MetalStackClusterValidator::endpointOf,
                MetalStackClusterSpec.WHY_ENDPOINT_IMMUTABLE);
    }

    /** host:port once a host is set, the point from which the CEL rule holds the endpoint fixed. */
    private static String endpointOf(MetalStackClusterSpec spec) {
        ApiEndpoint endpoint = spec.getControlPlaneEndpoint();
        return endpoint == null || endpoint.getHost() == null ? null : endpoint.getHost() + ":" + endpoint.getPort();
    }
}

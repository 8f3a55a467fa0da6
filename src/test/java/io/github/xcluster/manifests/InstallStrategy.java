package io.github.xcluster.manifests;

import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;

/** The CSV's {@code spec.install}: what OLM creates to run the operator. */
record InstallStrategy(String strategy, Spec spec) {

    static InstallStrategy deployment(OperatorRbac rbac, List<StrategyDeployment> deployments) {
        return new InstallStrategy("deployment", new Spec(rbac.clusterPermissions(), rbac.permissions(), deployments));
    }

    record Spec(
            List<Permissions> clusterPermissions,
            List<Permissions> permissions,
            List<StrategyDeployment> deployments) {}

    /** Rules OLM grants a service account, cluster-wide or in the operator's namespace. */
    record Permissions(String serviceAccountName, List<PolicyRule> rules) {}

    record StrategyDeployment(String name, Map<String, String> label, DeploymentSpec spec) {}
}

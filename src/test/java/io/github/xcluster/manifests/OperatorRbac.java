package io.github.xcluster.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.github.xcluster.manifests.InstallStrategy.Permissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * config/rbac as OLM wants it: rules bound to the operator's service account by a
 * ClusterRoleBinding become {@code clusterPermissions}, by a RoleBinding {@code permissions}; roles
 * bound to nobody (the editor and viewer roles for users) ship as plain objects of the bundle.
 * OLM creates the service account and the bindings itself.
 */
record OperatorRbac(
        List<Permissions> clusterPermissions, List<Permissions> permissions, List<SourceObject> unboundRoles) {

    static OperatorRbac from(List<SourceObject> objects, String namePrefix, BundleYaml yaml) {
        Map<String, SourceObject> roles = new LinkedHashMap<>();
        List<SourceObject> bindings = new ArrayList<>();
        for (SourceObject object : objects) {
            switch (object.kind()) {
                case "ClusterRole", "Role" -> roles.put(roleKey(object.kind(), object.name()), object);
                case "ClusterRoleBinding", "RoleBinding" -> bindings.add(object);
                case "ServiceAccount" -> {
                    // OLM creates the service accounts named in the install strategy.
                }
                default ->
                    throw new BundleSourceException(
                            object.file() + ": a " + object.kind() + " has no place in an OLM bundle's RBAC");
            }
        }
        Map<String, List<PolicyRule>> cluster = new LinkedHashMap<>();
        Map<String, List<PolicyRule>> namespaced = new LinkedHashMap<>();
        Set<String> bound = new LinkedHashSet<>();
        for (SourceObject binding : bindings) {
            JsonNode roleRef = binding.node().path("roleRef");
            String key =
                    roleKey(roleRef.path("kind").asText(), roleRef.path("name").asText());
            SourceObject role = roles.get(key);
            if (role == null) {
                throw new BundleSourceException(binding.file() + ": " + binding.name() + " binds " + key
                        + ", which config/rbac does not define");
            }
            bound.add(key);
            List<PolicyRule> rules = List.of(yaml.convert(role.node().path("rules"), PolicyRule[].class));
            Map<String, List<PolicyRule>> target = binding.kind().equals("ClusterRoleBinding") ? cluster : namespaced;
            for (JsonNode subject : binding.node().path("subjects")) {
                if (!subject.path("kind").asText().equals("ServiceAccount")) {
                    throw new BundleSourceException(binding.file() + ": " + binding.name() + " binds a "
                            + subject.path("kind").asText() + "; OLM grants rules to service accounts only");
                }
                target.computeIfAbsent(namePrefix + subject.path("name").asText(), name -> new ArrayList<>())
                        .addAll(rules);
            }
        }
        List<SourceObject> unbound = roles.entrySet().stream()
                .filter(entry -> !bound.contains(entry.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        return new OperatorRbac(permissions(cluster), permissions(namespaced), unbound);
    }

    private static List<Permissions> permissions(Map<String, List<PolicyRule>> rulesByAccount) {
        return rulesByAccount.entrySet().stream()
                .map(entry -> new Permissions(entry.getKey(), List.copyOf(entry.getValue())))
                .toList();
    }

    private static String roleKey(String kind, String name) {
        return kind + " " + name;
    }
}

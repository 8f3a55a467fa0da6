package io.github.xcluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Permissions as the RBAC roles grant them and as the API server's audit log shows them used, so a
 * test can list every granted permission the operator never needed.
 */
final class PermissionUsage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One verb on one resource (with its subresource, e.g. {@code xclusters/status}) of one API group. */
    record Permission(String apiGroup, String resource, String verb) implements Comparable<Permission> {
        @Override
        public int compareTo(Permission other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource;
        }
    }

    /** A kube-apiserver audit policy that records, at Metadata level, every request of {@code user}. */
    static String auditPolicyFor(String user) {
        return """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: Metadata
          users: ["%s"]
        - level: None
        """.formatted(user);
    }

    /** What the role files grant; wildcards are not expanded, so a rule with {@code *} stays visible as such. */
    static Set<Permission> granted(Collection<Path> roleFiles) {
        Set<Permission> granted = new TreeSet<>();
        for (Path file : roleFiles) {
            for (PolicyRule rule : rulesOf(file)) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        rule.getVerbs().forEach(verb -> granted.add(new Permission(group, resource, verb)));
                    }
                }
            }
        }
        return granted;
    }

    /** What {@code user} was allowed to do according to the audit log (JSON lines). */
    static Set<Permission> used(Path auditLog, String user) {
        try (Stream<String> lines = Files.lines(auditLog)) {
            Set<Permission> used = new TreeSet<>();
            lines.map(PermissionUsage::parse)
                    .filter(event ->
                            user.equals(event.path("user").path("username").asText()))
                    .filter(event -> event.has("objectRef"))
                    .forEach(event -> used.add(permissionOf(event)));
            return used;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + auditLog, e);
        }
    }

    private static Permission permissionOf(JsonNode event) {
        JsonNode object = event.path("objectRef");
        String subresource = object.path("subresource").asText("");
        String resource = object.path("resource").asText() + (subresource.isEmpty() ? "" : "/" + subresource);
        return new Permission(
                object.path("apiGroup").asText(""), resource, event.path("verb").asText());
    }

    private static List<PolicyRule> rulesOf(Path roleFile) {
        try {
            JsonNode role = YAML.readTree(roleFile.toFile());
            return JSON.convertValue(
                    role.path("rules"), JSON.getTypeFactory().constructCollectionType(List.class, PolicyRule.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the role " + roleFile, e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit log has a line that is not JSON: " + line, e);
        }
    }

    private PermissionUsage() {}
}

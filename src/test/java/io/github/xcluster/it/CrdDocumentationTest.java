package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs of config/crd/bases document themselves and their conditions on a real API server:
 * {@code kubectl explain} shows every field's description, and the conditions hold to
 * metav1.Condition's schema.
 */
class CrdDocumentationTest {
    private static final Path CRDS = Path.of("config/crd/bases");
    private static final String NAMESPACE = "documented";

    private static LocalApiServer server;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void startApiServerWithTheCrds() {
        server = LocalApiServer.start(Path.of("target/crd-documentation-world"), System.getenv());
        client = server.newClient();
        CrdInstaller.install(client, CRDS);
        kubectl = server.kubectl();
        assertSucceeded(kubectl.run("create", "namespace", NAMESPACE));
        assertSucceeded(kubectl.runWithInput(sample(NAMESPACE, "conditioned"), "apply", "-f", "-"));
    }

    @AfterAll
    static void stopApiServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Every field of every kind, as kubectl explain names it (resource.field.field), with its API version and description. */
    static Stream<Arguments> documentedFields() throws IOException {
        List<Arguments> fields = new ArrayList<>();
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path file : files.sorted().toList()) {
                CustomResourceDefinition crd =
                        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
                JSONSchemaProps root =
                        crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
                String apiVersion = crd.getSpec().getGroup() + "/"
                        + crd.getSpec().getVersions().get(0).getName();
                collect(apiVersion, crd.getSpec().getNames().getSingular(), root, fields);
            }
        }
        return fields.stream();
    }

    private static void collect(String apiVersion, String path, JSONSchemaProps schema, List<Arguments> fields) {
        JSONSchemaProps object = schema.getItems() != null ? schema.getItems().getSchema() : schema;
        for (Map.Entry<String, JSONSchemaProps> property :
                object.getProperties().entrySet()) {
            String fieldPath = path + "." + property.getKey();
            fields.add(Arguments.of(fieldPath, apiVersion, property.getValue().getDescription()));
            JSONSchemaProps child = property.getValue();
            JSONSchemaProps childObject =
                    child.getItems() != null ? child.getItems().getSchema() : child;
            if (childObject.getProperties() != null
                    && !childObject.getProperties().isEmpty()) {
                collect(apiVersion, fieldPath, child, fields);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedFields")
    void kubectlExplainShowsTheFieldsDescription(String field, String apiVersion, String description) {
        assertThat(description).as("the CRD gives %s no description", field).isNotBlank();
        Kubectl.Result explained = kubectl.run("explain", field, "--api-version=" + apiVersion);
        assertSucceeded(explained);
        String shown = explained.stdout().substring(explained.stdout().indexOf("DESCRIPTION:"));
        assertThat(words(shown)).as("kubectl explain %s", field).contains(words(description));
    }

    private static String words(String text) {
        return String.join(" ", text.trim().split("\\s+"));
    }

    @Test
    void aWellFormedConditionIsStored() {
        assertSucceeded(patchConditions(condition("Ready", "True")));
        Kubectl.Result stored = kubectl.run(
                "get", "xcluster/conditioned", "-n", NAMESPACE, "-o", "jsonpath={.status.conditions[0].status}");
        assertSucceeded(stored);
        assertThat(stored.stdout()).isEqualTo("True");
    }

    @Test
    void aConditionStatusOtherThanTrueFalseOrUnknownIsRefused() {
        Kubectl.Result refused = patchConditions(condition("Ready", "Maybe"));
        assertThat(refused.exitCode()).as("accepted: %s", refused.stdout()).isNotZero();
        assertThat(refused.stderr())
                .contains("status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\","
                        + " \"False\", \"Unknown\"");
    }

    @Test
    void twoConditionsOfOneTypeAreRefused() {
        Kubectl.Result refused = patchConditions(condition("Ready", "True") + "," + condition("Ready", "False"));
        assertThat(refused.exitCode()).as("accepted: %s", refused.stdout()).isNotZero();
        assertThat(refused.stderr()).contains("status.conditions[1]: Duplicate value");
    }

    @Test
    void aConditionWithoutTransitionTimeOrAMalformedOneIsRefused() {
        Kubectl.Result missing =
                patchConditions("{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"R\",\"message\":\"\"}");
        assertThat(missing.exitCode()).as("accepted: %s", missing.stdout()).isNotZero();
        assertThat(missing.stderr()).contains("status.conditions[0].lastTransitionTime: Required value");
        Kubectl.Result malformed =
                patchConditions(condition("Ready", "True").replace("2026-12-02T00:00:00Z", "yesterday"));
        assertThat(malformed.exitCode()).as("accepted: %s", malformed.stdout()).isNotZero();
        assertThat(malformed.stderr())
                .contains("status.conditions[0].lastTransitionTime: Invalid value: \"yesterday\"");
    }

    private static String condition(String type, String status) {
        return """
                {"type":"%s","status":"%s","reason":"Checked","message":"set by the test",\
                "lastTransitionTime":"2026-12-02T00:00:00Z","observedGeneration":1}""".formatted(type, status);
    }

    private static Kubectl.Result patchConditions(String conditions) {
        return kubectl.run(
                "patch",
                "xcluster/conditioned",
                "-n",
                NAMESPACE,
                "--subresource=status",
                "--type=merge",
                "-p",
                "{\"status\":{\"conditions\":[" + conditions + "]}}");
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two teams on one real API server, the operator holding namespaces to the projects ProjectBindings grant them (as
 * the manifests ship it). Alice may edit XClusters in team-a only, through config/rbac's editor role; everything
 * she is refused, she is refused by the API server's own admission, as kubectl shows it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyTest {
    private static final Path WORK_DIR = Path.of("target/tenancy-world");
    private static final String TEAM_A = "team-a";
    private static final String TEAM_B = "team-b";
    private static final String UNBOUND = "team-c";
    private static final String OWN_KEYS = "team-d";
    private static final String OWN_KEYS_SECRET = "team-d-metal-api";
    private static final String PROJECT_A = Samples.PROJECT;
    private static final String PROJECT_B = "11111111-1111-1111-1111-111111111111";
    private static final String ALICE = "alice";

    private static LocalWorld world;
    private static KubernetesClient admin;
    private static Kubectl kubectl;

    @BeforeAll
    static void startWorldWithTwoTeams() throws IOException {
        world = LocalWorld.start(LocalWorld.Options.forTests(WORK_DIR).withProjectBindings(), System.getenv());
        admin = world.client();
        kubectl = world.kubectl();
        for (String namespace : List.of(TEAM_A, TEAM_B, UNBOUND, OWN_KEYS, LocalWorld.OPERATOR_NAMESPACE)) {
            admin.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        assertSucceeded(kubectl.runWithInput(
                binding(TEAM_A, PROJECT_A, "quota: {networks: 2, machines: 2}")
                        + "---\n"
                        + binding(TEAM_B, PROJECT_B, ""),
                "apply",
                "-f",
                "-"));
        HasMetadata editor = admin.getKubernetesSerialization()
                .unmarshal(Files.readString(Path.of("config/rbac/xcluster_editor_role.yaml")), HasMetadata.class);
        admin.resource(editor).create();
        admin.resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("alice-edits-xclusters")
                        .withNamespace(TEAM_A)
                        .endMetadata()
                        .withNewRoleRef(
                                "rbac.authorization.k8s.io",
                                "ClusterRole",
                                editor.getMetadata().getName())
                        .addNewSubject()
                        .withKind("User")
                        .withName(ALICE)
                        .endSubject()
                        .build())
                .create();
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    private static String binding(String namespace, String project, String quota) {
        return """
                apiVersion: cluster.www.x-cellent.com/v1alpha1
                kind: ProjectBinding
                metadata:
                  name: %s
                spec:
                  projectID: %s
                  namespaces: [%s]
                  %s
                """.formatted(namespace, project, namespace, quota);
    }

    private static Kubectl.Result asAlice(String manifest, String... flags) {
        List<String> args = new ArrayList<>(List.of("--as", ALICE, "apply", "-f", "-"));
        args.addAll(List.of(flags));
        return kubectl.runWithInput(manifest, args.toArray(String[]::new));
    }

    private static String clusterIn(String namespace, String name, String project) {
        return sample(namespace, name).replace(PROJECT_A, project);
    }

    @Test
    @Order(1)
    void aProjectBoundToAnotherNamespaceIsRefusedEvenOnADryRunNamingOnlyTheCallersOwn() {
        String foreign = clusterIn(TEAM_A, "borrowed", PROJECT_B);

        for (Kubectl.Result refused : List.of(asAlice(foreign), asAlice(foreign, "--dry-run=server"))) {
            assertThat(refused.succeeded()).as(refused.stdout()).isFalse();
            assertThat(refused.stderr())
                    .contains("admission webhook")
                    .contains("spec.projectID: project \"" + PROJECT_B + "\" is not bound to namespace \"" + TEAM_A
                            + "\"; projects bound to it: " + PROJECT_A)
                    .doesNotContain(TEAM_B);
        }
        assertThat(admin.resources(XCluster.class).inNamespace(TEAM_A).list().getItems())
                .isEmpty();
    }

    @Test
    @Order(2)
    void aNamespaceWithoutBindingIsToldWhoGrantsOne() {
        Kubectl.Result refused = kubectl.runWithInput(clusterIn(UNBOUND, "lonely", PROJECT_A), "apply", "-f", "-");

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr())
                .contains("spec.projectID: project \"" + PROJECT_A + "\" is not bound to namespace \"" + UNBOUND
                        + "\"; no project is: a cluster administrator binds one with a ProjectBinding");
    }

    @Test
    @Order(3)
    void kubernetesRbacStillKeepsAliceOutOfTheOtherTeamsNamespace() {
        Kubectl.Result refused = asAlice(clusterIn(TEAM_B, "intruder", PROJECT_B));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr()).contains("forbidden", "User \"alice\" cannot");
    }

    @Test
    @Order(4)
    void anotherTenantsNetworkIsDeniedAsIfItDidNotExist() {
        assertSucceeded(kubectl.runWithInput(clusterIn(TEAM_B, "theirs", PROJECT_B), "apply", "-f", "-"));
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/theirs", "-n", TEAM_B, "--timeout=60s"));
        String theirNetwork = admin.resources(XCluster.class)
                .inNamespace(TEAM_B)
                .withName("theirs")
                .get()
                .getStatus()
                .getPrivateNetworkID();

        Kubectl.Result refused = asAlice(clusterIn(TEAM_A, "peek", PROJECT_A)
                .replace("  projectID:", "  privateNetworkID: " + theirNetwork + "\n  projectID:"));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.stderr())
                .contains("spec.privateNetworkID: network \"" + theirNetwork + "\" does not exist in project \""
                        + PROJECT_A + "\"")
                .doesNotContain(PROJECT_B)
                .doesNotContain(TEAM_B);
    }

    @Test
    @Order(5)
    void theQuotaAdmitsClustersAndTheirFirewallsUpToItsLimitsAndRefusesTheNextWithTheNumbers() {
        for (String name : List.of("first", "second")) {
            assertSucceeded(asAlice(clusterIn(TEAM_A, name, PROJECT_A)));
            assertSucceeded(kubectl.run(
                    "wait", "--for=jsonpath={.status.ready}=true", "xcluster/" + name, "-n", TEAM_A, "--timeout=60s"));
        }

        Kubectl.Result refused = asAlice(clusterIn(TEAM_A, "third", PROJECT_A), "--dry-run=server");

        assertThat(refused.succeeded()).isFalse();
        String of = " in project \"" + PROJECT_A + "\" for the namespaces " + TEAM_A + " (ProjectBinding \"" + TEAM_A
                + "\")";
        assertThat(refused.stderr())
                .contains("the quota allows 2 networks" + of + "; 2 are held and this XCluster needs 1 more")
                .contains("the quota allows 2 machines" + of + "; 2 are held and this XCluster needs 1 more");
    }

    @Test
    @Order(6)
    void aClusterWhoseBindingIsRemovedIsReportedNotReadyAndRecoversWhenItIsBack() {
        assertSucceeded(kubectl.run("delete", "projectbinding", TEAM_A));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(readyCondition("first")).satisfies(ready -> {
                    assertThat(ready.getStatus()).isEqualTo("False");
                    assertThat(ready.getReason()).isEqualTo("ProjectNotBound");
                    assertThat(ready.getMessage())
                            .isEqualTo("project \"" + PROJECT_A + "\" is not bound to namespace \"" + TEAM_A
                                    + "\"; no project is: a cluster administrator binds one with a ProjectBinding"
                                    + " (spec.projectID, spec.namespaces)");
                }));
        assertThat(kubectl.run("get", "events", "-n", TEAM_A, "-o", "jsonpath={.items[*].reason}")
                        .stdout())
                .contains("ProjectNotBound");

        assertSucceeded(kubectl.runWithInput(
                binding(TEAM_A, PROJECT_A, "quota: {networks: 2, machines: 2}"), "apply", "-f", "-"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(readyCondition("first").getStatus()).isEqualTo("True"));
        assertSucceeded(kubectl.run("delete", "xcluster/second", "-n", TEAM_A, "--timeout=60s"));
    }

    @Test
    @Order(7)
    void aBindingsCredentialsSecretIsWhatTheControllersActWithAndItsChangesAreSeenAtOnce() {
        String wrongKey = "not-" + world.hmacKey();
        writeCredentials(wrongKey);
        assertSucceeded(kubectl.runWithInput(
                binding(OWN_KEYS, PROJECT_B, "credentialsSecretRef: {name: " + OWN_KEYS_SECRET + "}"),
                "apply",
                "-f",
                "-"));

        assertSucceeded(kubectl.runWithInput(clusterIn(OWN_KEYS, "keyed", PROJECT_B), "apply", "-f", "-"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(readyCondition(OWN_KEYS, "keyed"))
                        .satisfies(ready -> {
                            assertThat(ready.getStatus()).isEqualTo("False");
                            assertThat(ready.getReason()).isEqualTo("MetalApiUnauthorized");
                            assertThat(ready.getMessage())
                                    .contains("Wrong HMAC")
                                    .doesNotContain(wrongKey);
                        }));
        assertThat(admin.resources(XCluster.class)
                        .inNamespace(OWN_KEYS)
                        .withName("keyed")
                        .get()
                        .getStatus()
                        .getPrivateNetworkID())
                .as("the operator's own key, which the simulator accepts, was not used instead")
                .isNull();

        writeCredentials(world.hmacKey());
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/keyed", "-n", OWN_KEYS, "--timeout=30s"));

        assertSucceeded(kubectl.run("delete", "secret", OWN_KEYS_SECRET, "-n", LocalWorld.OPERATOR_NAMESPACE));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(readyCondition(OWN_KEYS, "keyed"))
                        .satisfies(ready -> {
                            assertThat(ready.getStatus()).isEqualTo("False");
                            assertThat(ready.getReason()).isEqualTo("MetalApiNotConfigured");
                            assertThat(ready.getMessage())
                                    .isEqualTo("metal-api not configured: the Secret \"" + LocalWorld.OPERATOR_NAMESPACE
                                            + "/"
                                            + OWN_KEYS_SECRET + "\" that ProjectBinding \"" + OWN_KEYS
                                            + "\" names does not"
                                            + " exist; create it with the keys url and hmac (or token)");
                        }));

        writeCredentials(world.hmacKey());
        assertSucceeded(kubectl.run("delete", "xcluster/keyed", "-n", OWN_KEYS, "--timeout=60s"));
    }

    private static void writeCredentials(String hmacKey) {
        assertSucceeded(kubectl.runWithInput(
                kubectl.run(
                                "create",
                                "secret",
                                "generic",
                                OWN_KEYS_SECRET,
                                "-n",
                                LocalWorld.OPERATOR_NAMESPACE,
                                "--from-literal=url=" + world.simulator().baseUrl(),
                                "--from-literal=hmac=" + hmacKey,
                                "--dry-run=client",
                                "-o",
                                "yaml")
                        .stdout(),
                "apply",
                "-f",
                "-"));
    }

    private static Condition readyCondition(String cluster) {
        return readyCondition(TEAM_A, cluster);
    }

    /** Fails as an assertion, which awaitility retries, while the cluster has no Ready condition yet. */
    private static Condition readyCondition(String namespace, String cluster) {
        return Optional.ofNullable(admin.resources(XCluster.class)
                        .inNamespace(namespace)
                        .withName(cluster)
                        .get())
                .map(XCluster::getStatus)
                .flatMap(status -> status.getConditions().stream()
                        .filter(condition -> "Ready".equals(condition.getType()))
                        .findFirst())
                .orElseThrow(() -> new AssertionError(namespace + "/" + cluster + " has no Ready condition yet"));
    }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.dev.ClusterApiModule;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.it.PermissionUsage.Permission;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.testing.ClusterApiWorld;
import io.github.xcluster.testing.MetricsScraper;
import io.github.xcluster.testing.Samples;
import io.github.xcluster.testing.ServiceAccountTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's whole lifecycle under a ServiceAccount that holds only config/rbac's roles, with namespaces held
 * to their ProjectBinding and its quota as the manifests ship it: any permission the code needs and the roles lack
 * fails this test, and so does any permission the roles grant that the API server's audit log never saw the
 * operator use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegeTest {
    private static final String SYSTEM = "xcluster-operator-system";
    private static final String ACCOUNT = "controller-manager";
    private static final String OPERATOR_USER = "system:serviceaccount:" + SYSTEM + ":" + ACCOUNT;
    private static final Path WORK_DIR = Path.of("target/least-privilege");
    private static final Path AUDIT_LOG = WORK_DIR.resolve("audit.log").toAbsolutePath();
    private static final Path CLUSTER_ROLE = Path.of("config/rbac/role.yaml");
    /** Bound in the operator's namespace only. */
    private static final List<Path> NAMESPACE_ROLES = List.of(
            Path.of("config/rbac/leader_election_role.yaml"), Path.of("config/rbac/tenant_credentials_role.yaml"));

    private static final List<Path> ROLES = List.of(CLUSTER_ROLE, NAMESPACE_ROLES.get(0), NAMESPACE_ROLES.get(1));
    /** The binding's own credentials, which the operator reads from its namespace. */
    private static final String CREDENTIALS = "tenant-metal-api";
    /** Granted though a clean lifecycle shows no request for them, and why. */
    private static final Map<Permission, String> NEEDED_OFF_THE_HAPPY_PATH = Map.of(
            new Permission("coordination.k8s.io", "leases", "update"),
            "JOSDK will not start leader election unless a SelfSubjectRulesReview shows it (the renewals are patches)",
            new Permission("cluster.www.x-cellent.com", "xclusters", "get"),
            "JOSDK reads an XCluster afresh when patching its finalizer meets a conflict (409)",
            new Permission("cluster.www.x-cellent.com", "xclusters/finalizers", "update"),
            "clusters with the OwnerReferencesPermissionEnforcement admission plugin (e.g. OpenShift) check it, inside the"
                    + " API server, for the blockOwnerDeletion owner reference on the XFirewall the operator creates");

    private static final ControllerSettings CONTROLLERS = new ControllerSettings(
            Set.of(),
            Optional.of(new ControllerSettings.LeaderElection("xcluster-operator-leader", SYSTEM, false)),
            4,
            Optional.empty());

    private static LocalWorld world;
    private static KubernetesClient operatorIdentity;

    @BeforeAll
    static void startWorldWithRestrictedOperator() throws IOException {
        Files.createDirectories(WORK_DIR);
        Files.deleteIfExists(AUDIT_LOG);
        Path policy = Files.writeString(
                        WORK_DIR.resolve("audit-policy.yaml"), PermissionUsage.auditPolicyFor(OPERATOR_USER))
                .toAbsolutePath();
        List<String> audit =
                List.of("--audit-policy-file=" + policy, "--audit-log-path=" + AUDIT_LOG, "--audit-log-mode=blocking");
        world = LocalWorld.start(
                LocalWorld.Options.forTests(WORK_DIR).withApiServerFlags(audit).withProjectBindings(), System.getenv());
        KubernetesClient admin = world.client();
        assertSucceeded(world.kubectl().runWithInput("""
                        apiVersion: cluster.www.x-cellent.com/v1alpha1
                        kind: ProjectBinding
                        metadata:
                          name: least
                        spec:
                          projectID: %s
                          namespaces: [tenant, capi-tenant]
                          quota: {networks: 4, machines: 8}
                          credentialsSecretRef: {name: %s}
                        """.formatted(Samples.PROJECT, CREDENTIALS), "apply", "-f", "-"));
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(SYSTEM)
                        .endMetadata()
                        .build())
                .create();
        admin.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(ACCOUNT)
                        .withNamespace(SYSTEM)
                        .endMetadata()
                        .build())
                .create();
        HasMetadata clusterRole = load(CLUSTER_ROLE);
        admin.resource(clusterRole).create();
        admin.resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("manager-rolebinding")
                        .endMetadata()
                        .withNewRoleRef(
                                "rbac.authorization.k8s.io",
                                "ClusterRole",
                                clusterRole.getMetadata().getName())
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(ACCOUNT)
                        .withNamespace(SYSTEM)
                        .endSubject()
                        .build())
                .create();
        for (Path file : NAMESPACE_ROLES) {
            HasMetadata role = load(file);
            role.getMetadata().setNamespace(SYSTEM);
            admin.resource(role).create();
            admin.resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName(role.getMetadata().getName() + "-binding")
                            .withNamespace(SYSTEM)
                            .endMetadata()
                            .withNewRoleRef(
                                    "rbac.authorization.k8s.io",
                                    "Role",
                                    role.getMetadata().getName())
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(ACCOUNT)
                            .withNamespace(SYSTEM)
                            .endSubject()
                            .build())
                    .create();
        }
        admin.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(CREDENTIALS)
                        .withNamespace(SYSTEM)
                        .endMetadata()
                        .addToStringData("url", world.simulator().baseUrl())
                        .addToStringData("hmac", world.hmacKey())
                        .build())
                .create();
        String token = ServiceAccountTokens.issue(admin, SYSTEM, ACCOUNT);
        Config adminConfig = admin.getConfiguration();
        operatorIdentity = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(adminConfig)
                        .withClientCertData(null)
                        .withClientKeyData(null)
                        .withClientCertFile(null)
                        .withClientKeyFile(null)
                        .withOauthToken(token)
                        .build())
                .build();
        ClusterApiModule.install(admin);
        world.restartOperatorAs(operatorIdentity, CONTROLLERS);
    }

    @AfterAll
    static void stop() {
        world.close();
        operatorIdentity.close();
    }

    private static HasMetadata load(Path file) throws IOException {
        return world.client().getKubernetesSerialization().unmarshal(Files.readString(file), HasMetadata.class);
    }

    @Test
    @Order(1)
    void theIdentityReallyIsRestrictedAndListsSecretsInItsOwnNamespaceOnly() {
        // It may get a Secret by name anywhere: Cluster API bootstrap data, as config/rbac/role.yaml says.
        assertThat(operatorIdentity.secrets().inNamespace(SYSTEM).list().getItems())
                .extracting(secret -> secret.getMetadata().getName())
                .contains(CREDENTIALS);
        Map<String, Runnable> forbidden = Map.of(
                "list in default",
                        () -> operatorIdentity.secrets().inNamespace("default").list(),
                "list in all namespaces",
                        () -> operatorIdentity.secrets().inAnyNamespace().list());
        for (Map.Entry<String, Runnable> request : forbidden.entrySet()) {
            assertThatExceptionOfType(KubernetesClientException.class)
                    .as(request.getKey())
                    .isThrownBy(request.getValue()::run)
                    .satisfies(e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    @Order(2)
    void theWholeLifecycleNeedsNoMoreThanTheGeneratedRoles() {
        Kubectl kubectl = world.kubectl();
        kubectl.run("create", "namespace", "tenant");
        assertSucceeded(kubectl.runWithInput(sample("tenant", "least"), "apply", "-f", "-"));
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/least", "-n", "tenant", "--timeout=60s"));
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xfirewall/least", "-n", "tenant", "--timeout=60s"));
        assertThat(kubectl.run("get", "events", "-n", "tenant", "-o", "jsonpath={.items[*].reason}")
                        .stdout())
                .contains("NetworkAllocated", "FirewallCreated", "FirewallAllocated", "FirewallReady", "ClusterReady");
        assertThat(world.client()
                        .leases()
                        .inNamespace(SYSTEM)
                        .withName("xcluster-operator-leader")
                        .get())
                .isNotNull();

        MetalApi metal =
                HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey()));
        Machine holder = metal.allocateMachine(Samples.networkHolder(world.client()
                .resources(XCluster.class)
                .inNamespace("tenant")
                .withName("least")
                .get()
                .getStatus()
                .getPrivateNetworkID()));
        assertSucceeded(kubectl.run("delete", "xcluster/least", "-n", "tenant", "--wait=false"));
        awaitNetworkInUseCount(2);
        world.restartOperatorAs(operatorIdentity, CONTROLLERS);
        int beforeRestart = networkInUse().getCount();
        awaitNetworkInUseCount(beforeRestart + 1);
        metal.freeMachine(holder.id());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(world.simulator().counters().allocatedNetworks()).isZero();
            assertThat(world.simulator().counters().allocatedMachines()).isZero();
        });
        assertThat(kubectl.run("get", "events", "-n", "tenant", "-o", "jsonpath={.items[*].reason}")
                        .stdout())
                .contains("MachineFreed", "NetworkFreed");
    }

    @Test
    @Order(3)
    void theClusterApiProviderLifecycleNeedsNoMoreThanTheGeneratedRoles() {
        Kubectl kubectl = world.kubectl();
        kubectl.run("create", "namespace", "capi-tenant");
        HandPlayedCore core = new HandPlayedCore(world.client());
        assertSucceeded(kubectl.runWithInput(
                """
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackFirewallTemplate
                metadata:
                  name: least
                  namespace: capi-tenant
                spec:
                  image: %s
                  size: %s
                  networks: [%s]
                ---
                apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
                kind: MetalStackFirewallDeployment
                metadata:
                  name: least
                  namespace: capi-tenant
                spec:
                  firewallTemplateRef:
                    name: least
                """.formatted(
                                ClusterApiWorld.FIREWALL_IMAGE,
                                ClusterApiWorld.FIREWALL_SIZE,
                                ClusterApiWorld.EXTERNAL_NETWORK),
                "apply",
                "-f",
                "-"));
        core.createCluster("capi-tenant", "least", false, "firewallDeploymentRef:\n  name: least");
        assertSucceeded(kubectl.run(
                "wait",
                "--for=jsonpath={.status.ready}=true",
                "metalstackcluster/least",
                "-n",
                "capi-tenant",
                "--timeout=60s"));
        core.markInfrastructureProvisioned("capi-tenant", "least");
        core.createMachine("capi-tenant", "least", "cp-0", true, "");
        assertSucceeded(kubectl.run(
                "wait",
                "--for=jsonpath={.status.ready}=true",
                "metalstackmachine/cp-0",
                "-n",
                "capi-tenant",
                "--timeout=60s"));
        assertSucceeded(kubectl.run("delete", "metalstackmachine/cp-0", "-n", "capi-tenant", "--timeout=60s"));
        assertSucceeded(kubectl.run("delete", "metalstackcluster/least", "-n", "capi-tenant", "--timeout=60s"));
        assertThat(kubectl.run("get", "events", "-n", "capi-tenant", "-o", "jsonpath={.items[*].reason}")
                        .stdout())
                .contains(
                        "NetworkAllocated",
                        "ControlPlaneIPAllocated",
                        "FirewallAllocated",
                        "FirewallReady",
                        "FirewallFreed",
                        "MachineAllocated",
                        "MachineReady",
                        "MachineFreed",
                        "ControlPlaneIPFreed",
                        "NetworkFreed");
    }

    /**
     * Repeats of the event bump its count: one patch while the operator remembers it; a fresh operator
     * meets it as a conflict on create, then reads and patches it.
     */
    private static void awaitNetworkInUseCount(int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> networkInUse() != null && networkInUse().getCount() >= count);
    }

    private static Event networkInUse() {
        List<Event> inUse = world.client().v1().events().inNamespace("tenant").list().getItems().stream()
                .filter(event -> "NetworkInUse".equals(event.getReason()))
                .toList();
        assertThat(inUse).hasSizeLessThanOrEqualTo(1);
        return inUse.isEmpty() ? null : inUse.get(0);
    }

    @Test
    @Order(4)
    void checkingWhoMayScrapeMetricsNeedsNoMoreThanTheGeneratedRoles() throws IOException, InterruptedException {
        MetricsScraper scraper = new MetricsScraper(
                world.certificateAuthorityPem(), world.operator().metricsPort());
        HttpResponse<String> reader =
                scraper.get(Optional.of(MetricsScraper.tokenOf(world.client(), "prometheus", true)));
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(200);
        HttpResponse<String> stranger =
                scraper.get(Optional.of(MetricsScraper.tokenOf(world.client(), "stranger", false)));
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void everyGrantedPermissionWasUsedInTheLifecycle() {
        Set<Permission> granted = PermissionUsage.granted(ROLES);
        assertThat(granted).containsAll(NEEDED_OFF_THE_HAPPY_PATH.keySet());
        Set<Permission> unused = new TreeSet<>(granted);
        unused.removeAll(PermissionUsage.used(AUDIT_LOG, OPERATOR_USER));
        unused.removeAll(NEEDED_OFF_THE_HAPPY_PATH.keySet());
        assertThat(unused)
                .as("granted by %s but never used by the operator", ROLES)
                .isEmpty();
    }
}

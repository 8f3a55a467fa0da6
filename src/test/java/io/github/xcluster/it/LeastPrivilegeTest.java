package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.run.Kubectl;
import io.github.xcluster.run.LocalWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's whole lifecycle under a ServiceAccount that holds only config/rbac's roles: any
 * permission the code needs and the roles lack fails this test.
 */
class LeastPrivilegeTest {
  private static final String SYSTEM = "xcluster-operator-system";
  private static final String ACCOUNT = "controller-manager";
  private static LocalWorld world;
  private static KubernetesClient operatorIdentity;

  @BeforeAll
  static void startWorldWithRestrictedOperator() throws IOException {
    world = LocalWorld.start(LocalWorld.Options.forTests(Path.of("target/least-privilege")), System.getenv());
    KubernetesClient admin = world.client();
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(SYSTEM).endMetadata().build()).create();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).withNamespace(SYSTEM).endMetadata().build()).create();
    HasMetadata clusterRole = load("config/rbac/role.yaml");
    admin.resource(clusterRole).create();
    HasMetadata leaseRole = load("config/rbac/leader_election_role.yaml");
    leaseRole.getMetadata().setNamespace(SYSTEM);
    admin.resource(leaseRole).create();
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("manager-rolebinding").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole.getMetadata().getName())
        .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(SYSTEM).endSubject().build()).create();
    admin.resource(new RoleBindingBuilder().withNewMetadata().withName("leader-election-rolebinding").withNamespace(SYSTEM).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", leaseRole.getMetadata().getName())
        .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(SYSTEM).endSubject().build()).create();
    String token = admin.serviceAccounts().inNamespace(SYSTEM).withName(ACCOUNT)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
    Config adminConfig = admin.getConfiguration();
    operatorIdentity = new KubernetesClientBuilder().withConfig(new ConfigBuilder(adminConfig)
        .withClientCertData(null).withClientKeyData(null).withClientCertFile(null).withClientKeyFile(null)
        .withOauthToken(token).build()).build();
    world.restartOperatorAs(operatorIdentity,
        new ControllerSettings(Set.of(), Optional.of(new ControllerSettings.LeaderElection("xcluster-operator-leader", SYSTEM, false)), 4, Optional.empty()));
  }

  @AfterAll
  static void stop() {
    world.close();
    operatorIdentity.close();
  }

  private static HasMetadata load(String file) throws IOException {
    return world.client().getKubernetesSerialization().unmarshal(Files.readString(Path.of(file)), HasMetadata.class);
  }

  @Test
  void theIdentityReallyIsRestricted() {
    assertThatThrownBy(() -> operatorIdentity.secrets().inNamespace(SYSTEM).list())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  @Test
  void theWholeLifecycleNeedsNoMoreThanTheGeneratedRoles() {
    Kubectl kubectl = world.kubectl();
    kubectl.run("create", "namespace", "tenant");
    assertSucceeded(kubectl.runWithInput(sample("tenant", "least"), "apply", "-f", "-"));
    assertSucceeded(kubectl.run("wait", "--for=jsonpath={.status.ready}=true", "xcluster/least", "-n", "tenant", "--timeout=60s"));
    assertSucceeded(kubectl.run("wait", "--for=jsonpath={.status.ready}=true", "xfirewall/least", "-n", "tenant", "--timeout=60s"));
    assertThat(kubectl.run("get", "events", "-n", "tenant", "-o", "jsonpath={.items[*].reason}").stdout())
        .contains("NetworkAllocated", "FirewallCreated", "FirewallAllocated", "FirewallReady", "ClusterReady");
    assertThat(world.client().leases().inNamespace(SYSTEM).withName("xcluster-operator-leader").get()).isNotNull();

    assertSucceeded(kubectl.run("delete", "xcluster/least", "-n", "tenant", "--timeout=60s"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(world.simulator().counters().allocatedNetworks()).isZero();
      assertThat(world.simulator().counters().allocatedMachines()).isZero();
    });
    assertThat(kubectl.run("get", "events", "-n", "tenant", "-o", "jsonpath={.items[*].reason}").stdout()).contains("MachineFreed", "NetworkFreed");
  }
}

package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.run.Kubectl;
import io.github.xcluster.run.LocalWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Restarts and metal-api trouble on the real API server: exactly one network and firewall per cluster after. */
class ResilienceTest {
  private final LocalWorld world = SharedWorld.get();
  private final Kubectl kubectl = world.kubectl();
  private final Allocations allocations = new Allocations(world.client(), world.simulator().counters());

  @Test
  void anOperatorRestartedMidwayLeavesOneNetworkAndOneFirewall() {
    String namespace = SharedWorld.newNamespace("restart");
    assertSucceeded(kubectl.runWithInput(sample(namespace, "restarted"), "apply", "-f", "-"));
    world.restartOperator();
    assertSucceeded(kubectl.run("wait", "--for=jsonpath={.status.ready}=true", "xcluster/restarted", "-n", namespace, "--timeout=60s"));
    allocations.assertOneNetworkAndOneFirewall(namespace, "restarted");
    deleteAndAssertFreed(namespace, "restarted");
  }

  @Test
  void metalApiFailuresShowInConditionsAndEverythingConvergesAfter() {
    String namespace = SharedWorld.newNamespace("faults");
    assertSucceeded(kubectl.runWithInput(sample(namespace, "flaky"), "apply", "-f", "-"));
    assertSucceeded(kubectl.run("wait", "--for=jsonpath={.status.ready}=true", "xcluster/flaky", "-n", namespace, "--timeout=60s"));
    world.simulator().faults().errorRate(1.0);
    try {
      world.restartOperator();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "xcluster/flaky", "-n", namespace, "-o",
          "jsonpath={.status.conditions[?(@.type==\"Ready\")].message}").stdout()).contains("simulated metal-api failure"));
      assertThat(kubectl.run("get", "xcluster/flaky", "-n", namespace, "-o", "jsonpath={.status.ready}").stdout()).isEqualTo("false");
    } finally {
      world.simulator().faults().reset();
    }
    assertSucceeded(kubectl.run("wait", "--for=jsonpath={.status.ready}=true", "xcluster/flaky", "-n", namespace, "--timeout=90s"));
    allocations.assertOneNetworkAndOneFirewall(namespace, "flaky");
    deleteAndAssertFreed(namespace, "flaky");
  }

  private void deleteAndAssertFreed(String namespace, String name) {
    XCluster cluster = world.client().resources(XCluster.class).inNamespace(namespace).withName(name).get();
    XFirewall firewall = world.client().resources(XFirewall.class).inNamespace(namespace).withName(name).get();
    assertSucceeded(kubectl.run("delete", "xcluster/" + name, "-n", namespace, "--timeout=60s"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(
        () -> allocations.assertNothingHeldFor(cluster.getMetadata().getUid(), firewall.getMetadata().getUid()));
  }
}

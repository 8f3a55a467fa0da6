package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.sim.SimulatorCounters;
import io.github.xcluster.sim.SimulatorFaults;
import io.github.xcluster.testing.Samples;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Restarts and metal-api trouble on the real API server: exactly one network and firewall per cluster after. */
class ResilienceTest {
    private static final Duration OUTAGE_WINDOW = Duration.ofSeconds(5);
    /**
     * After 5 s of outage each resource's retry waits at least 4 s (1 s doubling), so a window holds
     * at most two attempts, each at most 3 tries of a read and one transport retry by the HTTP client:
     * 12, rounded up. A hot loop makes thousands.
     */
    private static final long CALLS_PER_RESOURCE_IN_WINDOW = 15;

    private final LocalWorld world = SharedWorld.get();
    private final Kubectl kubectl = world.kubectl();
    private final SimulatorCounters counters = world.simulator().counters();
    private final Allocations allocations =
            new Allocations(world.client(), world.simulator().counters());

    @Test
    void anOperatorRestartedMidwayLeavesOneNetworkAndOneFirewall() {
        String namespace = SharedWorld.newNamespace("restart");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "restarted"), "apply", "-f", "-"));
        world.restartOperator();
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/restarted", "-n", namespace, "--timeout=60s"));
        allocations.assertOneNetworkAndOneFirewall(namespace, "restarted");
        deleteAndAssertFreed(namespace, "restarted");
    }

    @Test
    void metalApiFailuresShowInConditionsAndEverythingConvergesAfter() {
        String namespace = SharedWorld.newNamespace("faults");
        assertSucceeded(kubectl.runWithInput(sample(namespace, "flaky"), "apply", "-f", "-"));
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/flaky", "-n", namespace, "--timeout=60s"));
        world.simulator().faults().errorRate(1.0);
        try {
            world.restartOperator();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(kubectl.run(
                                            "get",
                                            "xcluster/flaky",
                                            "-n",
                                            namespace,
                                            "-o",
                                            "jsonpath={.status.conditions[?(@.type==\"Ready\")].message}")
                                    .stdout())
                            .contains("simulated metal-api failure"));
            assertThat(kubectl.run("get", "xcluster/flaky", "-n", namespace, "-o", "jsonpath={.status.ready}")
                            .stdout())
                    .isEqualTo("false");
        } finally {
            world.simulator().faults().reset();
        }
        assertSucceeded(kubectl.run(
                "wait", "--for=jsonpath={.status.ready}=true", "xcluster/flaky", "-n", namespace, "--timeout=90s"));
        allocations.assertOneNetworkAndOneFirewall(namespace, "flaky");
        deleteAndAssertFreed(namespace, "flaky");
    }

    @Test
    void throughFlakinessAndAnOutageStatusStaysTrueRetriesStayBoundedAndAllConvergesOnce() {
        String namespace = SharedWorld.newNamespace("storm");
        SimulatorFaults faults = world.simulator().faults();
        List<String> early = IntStream.range(0, 10).mapToObj(i -> "storm-" + i).toList();
        List<String> late = IntStream.range(0, 5).mapToObj(i -> "late-" + i).toList();
        early.forEach(name ->
                world.client().resource(Samples.xcluster(namespace, name)).create());
        try {
            faults.errorRate(0.3).latency(Duration.ofMillis(300));
            Pause.of(Duration.ofSeconds(8));
            faults.reset();
            late.forEach(name ->
                    world.client().resource(Samples.xcluster(namespace, name)).create());
            faults.outage(true);
            Pause.of(Duration.ofSeconds(5));
            long callsBefore = counters.totalCalls();
            Pause.of(OUTAGE_WINDOW);
            long callsInWindow = counters.totalCalls() - callsBefore;
            assertOnlyTrueReadinessIsClaimed(namespace);
            late.forEach(name -> {
                assertThat(readyCondition("xcluster", namespace, name))
                        .as("xcluster %s, created as the outage began", name)
                        .startsWith("False ");
                assertThat(readyCondition("xcluster", namespace, name) + readyCondition("xfirewall", namespace, name))
                        .as("the outage as the Ready conditions of xcluster/xfirewall %s tell it", name)
                        .contains("False MetalApiError ")
                        .contains("cannot reach metal-api");
            });
            long resources = world.client()
                            .resources(XCluster.class)
                            .inAnyNamespace()
                            .list()
                            .getItems()
                            .size()
                    + world.client()
                            .resources(XFirewall.class)
                            .inAnyNamespace()
                            .list()
                            .getItems()
                            .size();
            System.out.printf(
                    "outage: %d metal-api calls in %d s from %d resources%n",
                    callsInWindow, OUTAGE_WINDOW.toSeconds(), resources);
            assertThat(callsInWindow)
                    .as(
                            "metal-api calls in %d s of outage with %d resources backing off",
                            OUTAGE_WINDOW.toSeconds(), resources)
                    .isLessThanOrEqualTo(resources * CALLS_PER_RESOURCE_IN_WINDOW);
        } finally {
            faults.reset();
        }
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(world.client()
                                .resources(XCluster.class)
                                .inNamespace(namespace)
                                .list()
                                .getItems())
                        .allSatisfy(cluster ->
                                assertThat(cluster.getStatus().isReady()).isTrue()));
        Stream.concat(early.stream(), late.stream()).forEach(name -> {
            allocations.assertOneNetworkAndOneFirewall(namespace, name);
            deleteAndAssertFreed(namespace, name);
        });
    }

    /** An object that says it is ready has its network, and its firewall machine has phoned home, in metal-api. */
    private void assertOnlyTrueReadinessIsClaimed(String namespace) {
        for (XFirewall firewall : world.client()
                .resources(XFirewall.class)
                .inNamespace(namespace)
                .list()
                .getItems()) {
            if (firewall.getStatus() != null && firewall.getStatus().isReady()) {
                assertThat(counters.lastEvent(firewall.getStatus().getMachineID()))
                        .isEqualTo("Phoned Home");
            }
        }
        for (XCluster cluster : world.client()
                .resources(XCluster.class)
                .inNamespace(namespace)
                .list()
                .getItems()) {
            if (cluster.getStatus() != null && cluster.getStatus().isReady()) {
                allocations.assertOneNetworkAndOneFirewall(
                        namespace, cluster.getMetadata().getName());
            }
        }
    }

    /** The Ready condition as "status reason message". */
    private String readyCondition(String kind, String namespace, String name) {
        return kubectl.run(
                        "get",
                        kind + "/" + name,
                        "-n",
                        namespace,
                        "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Ready\")]['status','reason','message']}")
                .stdout();
    }

    private void deleteAndAssertFreed(String namespace, String name) {
        XCluster cluster = world.client()
                .resources(XCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        XFirewall firewall = world.client()
                .resources(XFirewall.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        assertSucceeded(kubectl.run("delete", "xcluster/" + name, "-n", namespace, "--timeout=60s"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> allocations.assertNothingHeldFor(
                        cluster.getMetadata().getUid(), firewall.getMetadata().getUid()));
    }
}

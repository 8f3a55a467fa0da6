package io.github.xcluster.dev;

import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.sim.SimulatorCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The xcluster walkthrough as a check: apply the sample, both objects READY, the firewall phoned
 * home, delete, everything freed. Each step is printed; the first that does not hold ends it.
 */
final class Walkthrough {
    private static final String SAMPLE = "config/samples/cluster_v1_xcluster.yaml";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final LocalWorld world;
    private final PrintStream out;

    private Walkthrough(LocalWorld world, PrintStream out) {
        this.world = world;
        this.out = out;
    }

    static boolean run(LocalWorld world, PrintStream out) {
        return new Walkthrough(world, out).run();
    }

    private boolean run() {
        SimulatorCounters counters = world.simulator().counters();
        Kubectl kubectl = world.kubectl();
        return step(
                        "kubectl apply -f " + SAMPLE,
                        () -> kubectl.run("apply", "-f", SAMPLE).succeeded())
                && step(
                        "XCluster x-cellent is READY",
                        () -> kubectl.run(
                                        "wait",
                                        "--for=jsonpath={.status.ready}=true",
                                        "xcluster/x-cellent",
                                        "-n",
                                        "default",
                                        "--timeout=90s")
                                .succeeded())
                && step(
                        "XFirewall x-cellent is READY",
                        () -> kubectl.run(
                                        "wait",
                                        "--for=jsonpath={.status.ready}=true",
                                        "xfirewall/x-cellent",
                                        "-n",
                                        "default",
                                        "--timeout=90s")
                                .succeeded())
                && step("the firewall machine phoned home", () -> {
                    XFirewall firewall = world.client()
                            .resources(XFirewall.class)
                            .inNamespace("default")
                            .withName("x-cellent")
                            .get();
                    return "Phoned Home"
                            .equals(counters.lastEvent(firewall.getStatus().getMachineID()));
                })
                && step("kubectl get xcluster,xfirewall -A", () -> {
                    Kubectl.Result listed = kubectl.run("get", "xcluster,xfirewall", "-A");
                    out.print(listed.stdout().indent(4));
                    return listed.succeeded();
                })
                && step(
                        "kubectl delete -f " + SAMPLE,
                        () -> kubectl.run("delete", "-f", SAMPLE, "--timeout=90s")
                                .succeeded())
                && step(
                        "the XFirewall is gone",
                        () -> Eventually.holds(
                                PATIENCE,
                                () -> world.client()
                                                .resources(XFirewall.class)
                                                .inNamespace("default")
                                                .withName("x-cellent")
                                                .get()
                                        == null))
                && step(
                        "the XCluster is gone",
                        () -> world.client()
                                        .resources(XCluster.class)
                                        .inNamespace("default")
                                        .withName("x-cellent")
                                        .get()
                                == null)
                && step(
                        "network and machine are freed in metal-api",
                        () -> Eventually.holds(
                                PATIENCE,
                                () -> counters.allocatedNetworks() == 0 && counters.allocatedMachines() == 0));
    }

    private boolean step(String description, BooleanSupplier check) {
        boolean held = check.getAsBoolean();
        out.println((held ? "ok     " : "FAILED ") + description);
        return held;
    }
}

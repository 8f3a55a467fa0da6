package io.github.xcluster.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.sim.SimulatorCounters;
import io.github.xcluster.testing.ClusterApiWorld;
import io.github.xcluster.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code make bench-capi}: one Cluster API cluster under the real CAPI controllers; its MachineDeployment scaled from 0
 * to N workers, timed until every MetalStackMachine is provisioned (phoned home and alive), then back to 0 and freed;
 * repeated, with the metal-api calls per machine by route. The simulator's provisioning takes one 1 s step per event.
 * Writes target/bench/capi.md.
 */
public final class ProviderBenchmark {
    private static final Path OUTPUT = Path.of("target/bench");
    private static final String CLUSTER = "bench";

    private ProviderBenchmark() {}

    public static void main(String[] args) throws Exception {
        JavaProcess.stopDescendantsOnExit();
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(OUTPUT);
        List<Duration> times = new ArrayList<>();
        List<Map<String, Long>> calls = new ArrayList<>();
        try (ClusterApiWorld world =
                ClusterApiWorld.start(OUTPUT.resolve("capi"), workers + 1, Duration.ofSeconds(1))) {
            KubernetesClient client = world.client();
            Kubectl kubectl = world.management().kubectl();
            String namespace = "bench-capi";
            kubectl.run("create", "namespace", namespace);
            world.prepareWorkload(namespace, CLUSTER);
            require(kubectl.runWithInput(world.generateCluster(namespace, CLUSTER, 1, 0), "apply", "-f", "-"));
            awaitProvisioned(client, namespace, 1, Duration.ofMinutes(3));
            SimulatorCounters counters = world.management().simulator().counters();
            for (int round = 1; round <= rounds; round++) {
                Map<String, Long> before = counters.callsPerEndpoint();
                long start = System.nanoTime();
                require(kubectl.run(
                        "scale", "machinedeployment", CLUSTER + "-md-0", "-n", namespace, "--replicas=" + workers));
                awaitProvisioned(client, namespace, workers + 1, Duration.ofMinutes(10));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                times.add(took);
                calls.add(difference(before, counters.callsPerEndpoint()));
                System.out.printf(
                        "round %d: %d workers provisioned in %.1f s%n", round, workers, took.toMillis() / 1000.0);
                require(kubectl.run("scale", "machinedeployment", CLUSTER + "-md-0", "-n", namespace, "--replicas=0"));
                awaitCount(client, namespace, 1, Duration.ofMinutes(5));
            }
        }
        String markdown = markdown(workers, times, calls);
        Files.writeString(OUTPUT.resolve("capi.md"), markdown);
        System.out.println(markdown);
    }

    private static void awaitProvisioned(KubernetesClient client, String namespace, int count, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (provisioned(client, namespace) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        count + " machines not provisioned after " + patience + ": " + provisioned(client, namespace));
            }
            Thread.sleep(100);
        }
    }

    private static long provisioned(KubernetesClient client, String namespace) {
        return client.resources(MetalStackMachine.class).inNamespace(namespace).list().getItems().stream()
                .filter(m -> m.getStatus() != null
                        && m.getStatus().getInitialization() != null
                        && Boolean.TRUE.equals(m.getStatus().getInitialization().getProvisioned()))
                .count();
    }

    private static void awaitCount(KubernetesClient client, String namespace, int count, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (client.resources(MetalStackMachine.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .size()
                != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("machines not freed after " + patience);
            }
            Thread.sleep(200);
        }
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((route, count) -> {
            long made = count - before.getOrDefault(route, 0L);
            if (made > 0) {
                delta.put(route, made);
            }
        });
        return delta;
    }

    private static void require(Kubectl.Result result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl failed: " + result.stderr());
        }
    }

    static String markdown(int workers, List<Duration> times, List<Map<String, Long>> calls) {
        StringBuilder text = new StringBuilder("# make bench-capi\n\n");
        text.append("A MachineDeployment scaled from 0 to ")
                .append(workers)
                .append(" workers under the real Cluster API v1.14.2 controllers, until every MetalStackMachine is"
                        + " provisioned; the simulator provisions in 1 s steps (about 5 s per machine).\n\n");
        text.append("| round | to provisioned | metal-api calls per machine (scale-up only) |\n|---:|---:|---:|\n");
        for (int i = 0; i < times.size(); i++) {
            long total =
                    calls.get(i).values().stream().mapToLong(Long::longValue).sum();
            text.append("| %d | %.1f s | %.1f |%n"
                    .formatted(i + 1, times.get(i).toMillis() / 1000.0, (double) total / workers));
        }
        List<Duration> sorted = new ArrayList<>(times);
        sorted.sort(null);
        text.append("\nMedian: %.1f s for %d machines.%n%n"
                .formatted(sorted.get(sorted.size() / 2).toMillis() / 1000.0, workers));
        Map<String, Long> perRoute = new HashMap<>();
        calls.forEach(round -> round.forEach((route, count) -> perRoute.merge(route, count, Long::sum)));
        text.append("| route | calls per machine (mean of the rounds) |\n|---|---:|\n");
        new TreeMap<>(perRoute)
                .forEach((route, count) ->
                        text.append("| `%s` | %.2f |%n".formatted(route, (double) count / workers / calls.size())));
        return text.toString();
    }
}

package io.github.xcluster.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.sim.SimulatorCounters;
import io.github.xcluster.testing.MeasuredOperator;
import io.github.xcluster.testing.ProcessUsage;
import io.github.xcluster.testing.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One size: a fresh simulator and operator process, N XClusters created at once, watched until all
 * are Ready, deleted at once and watched until gone and nothing is left allocated in metal-api.
 */
final class ConvergenceRun {
    static final Path SAMPLE = Path.of("config/samples/cluster_v1_xcluster.yaml");
    private static final String HMAC_KEY = "convergence-benchmark";
    /** Planned Reboot ... Phoned Home: the events the simulator plays for each firewall. */
    private static final int PROVISIONING_EVENTS = 8;
    /** Room for 4096 private /22 networks; the default vagrant super network holds 64. */
    private static final String PRIVATE_SUPER_NETWORK = "10.64.0.0/10";
    /** Room for 1022 firewalls; the default vagrant underlay holds 254. */
    private static final String UNDERLAY = "172.16.8.0/22";
    /** The simulated internet network is a /22, like the underlay: one address of each per firewall. */
    static final int MAX_SIZE = 1000;

    private static final int CREATE_THREADS = 4;
    private static final long SAMPLE_MILLIS = 250;
    private static final String RECONCILES = "operator_sdk_reconciliations_started_total";
    private static final String CONTROLLER_LABEL = "kind";
    private static final String THREADS_STARTED = "jvm_threads_started_threads_total";
    private static final String GC_PAUSES = "jvm_gc_pause_seconds_sum";
    private static final String API_REQUESTS = "apiserver_request_total";

    private final LocalApiServer apiServer;
    private final ConvergenceOptions options;
    private final Path outputDirectory;
    private final List<ConvergenceSample> samples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger created = new AtomicInteger();
    private volatile String phase = "create";
    private long startNanos;

    ConvergenceRun(LocalApiServer apiServer, ConvergenceOptions options, Path outputDirectory) {
        this.apiServer = apiServer;
        this.options = options;
        this.outputDirectory = outputDirectory;
    }

    ConvergenceResult measure(int size) throws IOException, InterruptedException, ExecutionException {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "at most " + MAX_SIZE + " XClusters fit the simulated internet network, asked for " + size);
        }
        Duration step = options.provisioning().dividedBy(PROVISIONING_EVENTS);
        String namespace = "convergence-" + size;
        try (MetalSimulator simulator = MetalSimulator.builder()
                        .hmacKey(HMAC_KEY)
                        .machinesPerSize(size + 10)
                        .provisioningStep(step)
                        .vagrantSuperNetwork(PRIVATE_SUPER_NETWORK)
                        .vagrantUnderlayNetwork(UNDERLAY)
                        .build()
                        .start();
                MeasuredOperator operator = MeasuredOperator.start(
                        apiServer.kubeconfig(),
                        simulator.baseUrl(),
                        HMAC_KEY,
                        options.operatorEnvironment(),
                        outputDirectory.resolve("work-" + size),
                        outputDirectory.resolve("convergence-operator-" + size + ".log"));
                KubernetesClient client = apiServer.newClient()) {
            simulator.faults().latency(options.latency());
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            SharedIndexInformer<XCluster> clusters =
                    client.resources(XCluster.class).inNamespace(namespace).inform();
            SimulatorCounters counters = simulator.counters();
            int baselineIps = counters.usedIps();
            String loadBefore = loadAverage();
            ProcessUsage idle = operator.usage();
            long callsBefore = counters.totalCalls();
            String idleMetrics = operatorMetrics(operator);
            Map<String, Double> reconcilesBefore = reconciles(idleMetrics);
            Map<String, Long> endpointsBefore = counters.callsPerEndpoint();
            Map<String, Double> apiRequestsBefore = apiRequestsByVerb(client);

            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            startNanos = System.nanoTime();
            sampler.scheduleAtFixedRate(
                    () -> sample(clusters, counters, operator), 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
            try {
                double lastCreate = createAll(client, namespace, size);
                boolean allReady = await(
                        () -> readyCount(clusters) == size,
                        lastCreate + options.timeout().toSeconds());
                double ready = seconds();
                ProcessUsage afterCreate = operator.usage();
                long callsAfterCreate = counters.totalCalls();
                Map<String, Double> reconcilesAfterCreate = reconciles(operatorMetrics(operator));
                int readyReached = readyCount(clusters);

                phase = "delete";
                double deleteStart = seconds();
                client.resources(XCluster.class).inNamespace(namespace).delete();
                boolean gone = await(
                        () -> clusters.getStore().list().isEmpty(),
                        deleteStart + options.timeout().toSeconds());
                double goneAt = seconds();
                boolean freed = await(
                        () -> counters.allocatedNetworks() == 0
                                && counters.allocatedMachines() == 0
                                && counters.usedIps() == baselineIps,
                        deleteStart + options.timeout().toSeconds());
                double freedAt = seconds();
                ProcessUsage afterDelete = operator.usage();
                String endMetrics = operatorMetrics(operator);
                Map<String, Double> reconcilesAfterDelete = reconciles(endMetrics);
                Map<String, Double> apiRequests = difference(apiRequestsByVerb(client), apiRequestsBefore);
                // the benchmark's own: the N creates and the one delete of the collection
                apiRequests.merge("POST", (double) -size, Double::sum);
                apiRequests.merge("DELETE", -1.0, Double::sum);
                checkNoFirewallsLeft(client, namespace, gone && freed);
                return new ConvergenceResult(
                        size,
                        options.provisioning().toMillis() / 1000.0,
                        lastCreate,
                        allReady ? ready : Double.NaN,
                        allReady ? ready - lastCreate : Double.NaN,
                        readyReached,
                        gone ? goneAt - deleteStart : Double.NaN,
                        gone && freed ? freedAt - deleteStart : Double.NaN,
                        afterDelete.peakRssMib(),
                        afterCreate.cpuSeconds() - idle.cpuSeconds(),
                        afterDelete.cpuSeconds() - afterCreate.cpuSeconds(),
                        afterDelete.cpuSeconds(),
                        PrometheusText.sum(endMetrics, GC_PAUSES),
                        PrometheusText.sum(endMetrics, THREADS_STARTED)
                                - PrometheusText.sum(idleMetrics, THREADS_STARTED),
                        apiRequests,
                        callsAfterCreate - callsBefore,
                        counters.totalCalls() - callsAfterCreate,
                        difference(reconcilesAfterCreate, reconcilesBefore),
                        difference(reconcilesAfterDelete, reconcilesAfterCreate),
                        difference(counters.callsPerEndpoint(), endpointsBefore),
                        List.copyOf(samples),
                        loadBefore,
                        loadAverage());
            } finally {
                sampler.shutdownNow();
                clusters.close();
            }
        }
    }

    /** Creates the sample under N names from a few threads; returns when the last create was answered. */
    private double createAll(KubernetesClient client, String namespace, int size)
            throws IOException, InterruptedException, ExecutionException {
        String sampleYaml = Files.readString(SAMPLE);
        AtomicLong lastCreateNanos = new AtomicLong();
        ExecutorService creators = Executors.newFixedThreadPool(CREATE_THREADS);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = String.format("cluster-%04d", i);
                creates.add(creators.submit(() -> {
                    XCluster cluster = Serialization.unmarshal(sampleYaml, XCluster.class);
                    cluster.getMetadata().setName(name);
                    cluster.getMetadata().setNamespace(namespace);
                    client.resource(cluster).create();
                    created.incrementAndGet();
                    lastCreateNanos.accumulateAndGet(System.nanoTime(), Math::max);
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            creators.shutdownNow();
        }
        return (lastCreateNanos.get() - startNanos) / 1e9;
    }

    private void sample(SharedIndexInformer<XCluster> clusters, SimulatorCounters counters, MeasuredOperator operator) {
        ProcessUsage usage = operator.usage();
        samples.add(new ConvergenceSample(
                seconds(),
                phase,
                created.get(),
                readyCount(clusters),
                clusters.getStore().list().size(),
                counters.totalCalls(),
                usage.rssMib(),
                usage.cpuSeconds()));
    }

    private static int readyCount(SharedIndexInformer<XCluster> clusters) {
        return (int) clusters.getStore().list().stream()
                .filter(cluster ->
                        cluster.getStatus() != null && cluster.getStatus().isReady())
                .count();
    }

    /** Polls every 50 ms until the condition holds (true) or the deadline, in run seconds, passes (false). */
    private boolean await(BooleanSupplier condition, double deadlineSeconds) throws InterruptedException {
        while (seconds() < deadlineSeconds) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private static void checkNoFirewallsLeft(KubernetesClient client, String namespace, boolean expectNone) {
        int left = client.resources(XFirewall.class)
                .inNamespace(namespace)
                .list()
                .getItems()
                .size();
        if (expectNone && left > 0) {
            throw new IllegalStateException(
                    left + " XFirewalls are left in " + namespace + " although every XCluster is gone");
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String operatorMetrics(MeasuredOperator operator) throws IOException, InterruptedException {
        String metrics = operator.scrapeMetrics();
        Files.writeString(outputDirectory.resolve("convergence-metrics.txt"), metrics);
        return metrics;
    }

    private static Map<String, Double> reconciles(String operatorMetrics) {
        return PrometheusText.sumBy(operatorMetrics, RECONCILES, CONTROLLER_LABEL);
    }

    /** Every client's requests, the operator's, the benchmark's and the API server's own loopback ones. */
    private static Map<String, Double> apiRequestsByVerb(KubernetesClient client) {
        return PrometheusText.sumBy(client.raw("/metrics"), API_REQUESTS, "verb");
    }

    /** What each counter grew by between two readings. */
    private static Map<String, Double> difference(
            Map<String, ? extends Number> after, Map<String, ? extends Number> before) {
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((key, value) -> {
            Number earlier = before.get(key);
            difference.put(key, value.doubleValue() - (earlier == null ? 0 : earlier.doubleValue()));
        });
        return difference;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}

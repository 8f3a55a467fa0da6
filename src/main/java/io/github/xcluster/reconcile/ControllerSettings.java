package io.github.xcluster.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * How the controllers run: the namespaces they watch (empty: all), leader election through a Lease
 * (empty: off), reconciliation threads and where metrics go.
 */
public record ControllerSettings(
        Set<String> watchNamespaces,
        Optional<LeaderElection> leaderElection,
        int reconcileThreads,
        Optional<MeterRegistry> metrics) {

    /**
     * @param exitOnLoss end the process when leadership is lost or given up, so Kubernetes restarts a
     *     clean replica; an operator embedded in another process (tests, make run) keeps it off
     */
    public record LeaderElection(String leaseName, String leaseNamespace, boolean exitOnLoss) {}

    /**
     * Reconciliations wait on metal-api and the API server, but the pod has one CPU: 200 XClusters were Ready as
     * fast with 16 threads as with java-operator-sdk's 50, for less CPU and GC time and 34 fewer threads started.
     * 12 were as fast at 200 but took 1,000 past a minute to Ready (make bench-convergence; the README has the
     * figures).
     */
    public static final int DEFAULT_RECONCILE_THREADS = 16;

    public static ControllerSettings defaults() {
        return new ControllerSettings(Set.of(), Optional.empty(), DEFAULT_RECONCILE_THREADS, Optional.empty());
    }
}

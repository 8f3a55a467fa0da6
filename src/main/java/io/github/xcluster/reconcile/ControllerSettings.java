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
     * Reconciliations mostly wait on metal-api and the API server, not on CPU: with 10 threads 1,000
     * XClusters took about 59 s to be Ready after the last create, with 50 about 34 s (make
     * bench-convergence), for some 25 MiB more resident memory. 50 is also java-operator-sdk's default.
     */
    public static final int DEFAULT_RECONCILE_THREADS = 50;

    public static ControllerSettings defaults() {
        return new ControllerSettings(Set.of(), Optional.empty(), DEFAULT_RECONCILE_THREADS, Optional.empty());
    }
}

package io.github.xcluster.bench;

import java.util.List;
import java.util.Map;

/**
 * What one size measured. Times are seconds; {@code NaN} means the state was not reached within the
 * timeout. Create phase: first create to all Ready; delete phase: delete to all gone and freed.
 */
record ConvergenceResult(
        int size,
        double provisioningSeconds,
        double createSeconds,
        double readyAfterFirstCreate,
        double readyAfterLastCreate,
        int readyReached,
        double deleteToGone,
        double deleteToFreed,
        double peakRssMib,
        double cpuCreate,
        double cpuDelete,
        double cpuLifetime,
        double gcSeconds,
        double threadsStarted,
        Map<String, Double> apiRequestsByVerb,
        long metalCallsCreate,
        long metalCallsDelete,
        Map<String, Double> reconcilesCreate,
        Map<String, Double> reconcilesDelete,
        Map<String, Double> callsPerEndpoint,
        List<ConvergenceSample> samples,
        String loadBefore,
        String loadAfter) {

    boolean converged() {
        return !Double.isNaN(readyAfterLastCreate);
    }

    double cpuPerCluster() {
        return (cpuCreate + cpuDelete) / size;
    }

    /** The operator's whole CPU time, start-up included, per XCluster. */
    double lifetimeCpuPerCluster() {
        return cpuLifetime / size;
    }

    double gcShare() {
        return gcSeconds / cpuLifetime;
    }

    double threadsStartedPerCluster() {
        return threadsStarted / size;
    }

    double apiRequestsPerCluster() {
        return apiRequestsByVerb.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum()
                / size;
    }

    double metalCallsPerCluster() {
        return (double) (metalCallsCreate + metalCallsDelete) / size;
    }

    double reconcilesCreateTotal() {
        return reconcilesCreate.values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    double reconcilesDeleteTotal() {
        return reconcilesDelete.values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /** Reconciliations started per second while the XClusters converged. */
    double reconcilesPerSecond() {
        return reconcilesCreateTotal() / readyAfterFirstCreate;
    }
}

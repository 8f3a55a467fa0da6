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

package io.github.xcluster.bench;

/** One look, every 250 ms, at the XClusters and the operator process. */
record ConvergenceSample(
        double seconds,
        String phase,
        int created,
        int ready,
        int present,
        long metalCalls,
        double rssMib,
        double cpuSeconds) {
    static final String CSV_HEADER =
            "seconds,phase,created,ready,present,metal_calls,operator_rss_mib,operator_cpu_seconds";

    String csv() {
        return String.format(
                java.util.Locale.ROOT,
                "%.3f,%s,%d,%d,%d,%d,%.1f,%.2f",
                seconds,
                phase,
                created,
                ready,
                present,
                metalCalls,
                rssMib,
                cpuSeconds);
    }
}

package io.github.xcluster.bench;

import io.github.xcluster.testing.MeasuredOperator;
import io.github.xcluster.testing.ShippedJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** target/bench/convergence.md (tables and curves) and one CSV of samples per size. */
final class ConvergenceReport {
    static final double READY_TARGET_SECONDS = 60;
    static final double RSS_TARGET_MIB = 384;
    private static final String BARS = "▁▂▃▄▅▆▇█";
    private static final int CURVE_COLUMNS = 60;

    private final ConvergenceOptions options;
    private final String command;

    ConvergenceReport(ConvergenceOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    void writeCsv(Path directory, ConvergenceResult result) throws IOException {
        String rows = result.samples().stream().map(ConvergenceSample::csv).collect(Collectors.joining("\n"));
        Files.writeString(
                directory.resolve("convergence-" + result.size() + ".csv"),
                ConvergenceSample.CSV_HEADER + "\n" + rows + "\n");
    }

    String markdown(List<ConvergenceResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Convergence: N XClusters to Ready and back to nothing\n\n");
        md.append("Command: `").append(command).append("`  \n");
        md.append(String.format(
                Locale.ROOT,
                "Simulated metal-api: %d ms added to every call; a firewall phones home %.1f s after allocation (8 events).  %n",
                options.latency().toMillis(),
                options.provisioning().toMillis() / 1000.0));
        md.append("Operator: its own JVM, `java ")
                .append(String.join(" ", MeasuredOperator.JVM_OPTIONS))
                .append(" -jar target/xcluster-operator.jar operator` (the limits of config/manager) with its"
                        + " `JAVA_TOOL_OPTIONS=" + ShippedJvmOptions.javaToolOptions() + "`, webhooks served, ")
                .append(
                        options.operatorEnvironment().isEmpty()
                                ? "default settings; "
                                : "environment " + options.operatorEnvironment() + "; ")
                .append(
                        "a real kube-apiserver + etcd and the simulator run in the benchmark's JVM on the same machine.  \n");
        md.append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, shared; load average (1/5/15 min) per size below.\n\n");

        md.append("## Time\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Target: all Ready within %.0f s of the last create plus the provisioning time.%n%n",
                READY_TARGET_SECONDS));
        md.append(
                "| N | all created after (s) | all Ready after first create (s) | Ready after last create (s) | minus provisioning (s) | target | delete to all gone (s) | delete to all freed in metal-api (s) | load before | load after |\n");
        md.append("|---:|---:|---:|---:|---:|---|---:|---:|---|---|\n");
        for (ConvergenceResult r : results) {
            double overProvisioning = r.readyAfterLastCreate() - r.provisioningSeconds();
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.size(),
                    r.createSeconds(),
                    seconds(r.readyAfterFirstCreate()),
                    seconds(r.readyAfterLastCreate()),
                    seconds(overProvisioning),
                    r.converged()
                            ? (overProvisioning <= READY_TARGET_SECONDS ? "met" : "**missed**")
                            : "**missed** (" + r.readyReached() + " Ready)",
                    seconds(r.deleteToGone()),
                    seconds(r.deleteToFreed()),
                    r.loadBefore(),
                    r.loadAfter()));
        }

        md.append("\n## Cost\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Peak RSS is the operator's VmHWM over its whole life. CPU is the operator's user + system time from the first create to all freed. "
                        + "Linearity: CPU per XCluster divided by that of the smallest N (1.0 = linear). Reconciliations are JOSDK's `%s` from the operator's /metrics.%n%n",
                "operator.sdk.reconciliations.started"));
        md.append(
                "| N | peak RSS (MiB) | < 384 MiB | CPU create (s) | CPU delete (s) | CPU per XCluster (ms) | vs smallest N | metal-api calls per XCluster | reconciliations create / delete | reconciliations/s while converging |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|---:|---|---:|\n");
        double baseline = results.get(0).cpuPerCluster();
        for (ConvergenceResult r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.0f | %s | %.1f | %.1f | %.0f | %.2f | %.1f | %s / %s | %s |%n",
                    r.size(),
                    r.peakRssMib(),
                    r.peakRssMib() < RSS_TARGET_MIB ? "met" : "**missed**",
                    r.cpuCreate(),
                    r.cpuDelete(),
                    r.cpuPerCluster() * 1000,
                    r.cpuPerCluster() / baseline,
                    r.metalCallsPerCluster(),
                    perController(r.reconcilesCreate()),
                    perController(r.reconcilesDelete()),
                    r.converged() ? String.format(Locale.ROOT, "%.0f", r.reconcilesPerSecond()) : "-"));
        }

        md.append("\n## Per XCluster lifecycle\n\n");
        md.append(
                "Create, Ready, delete, freed. CPU is the operator's whole user + system time, start-up included. GC share is"
                        + " `jvm_gc_pause_seconds_sum` over that CPU; threads started counts `jvm_threads_started_threads_total`"
                        + " from the first create to all freed. Kubernetes requests are the API server's `apiserver_request_total`"
                        + " over the same span, less the benchmark's own N creates and one delete.\n\n");
        md.append(
                "| N | CPU (ms) | peak RSS (MiB) | GC share | threads started | metal-api calls | Kubernetes requests | by verb |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ConvergenceResult r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.0f | %.1f %% | %.2f | %.1f | %.1f | %s |%n",
                    r.size(),
                    r.lifetimeCpuPerCluster() * 1000,
                    r.peakRssMib(),
                    r.gcShare() * 100,
                    r.threadsStartedPerCluster(),
                    r.metalCallsPerCluster(),
                    r.apiRequestsPerCluster(),
                    r.apiRequestsByVerb().entrySet().stream()
                            .filter(verb -> Math.abs(verb.getValue()) >= 0.5)
                            .map(verb ->
                                    String.format(Locale.ROOT, "%s %.1f", verb.getKey(), verb.getValue() / r.size()))
                            .collect(Collectors.joining(", "))));
        }

        md.append("\n## metal-api calls per XCluster, by endpoint\n\n");
        md.append("| endpoint |")
                .append(results.stream().map(r -> " N=" + r.size() + " |").collect(Collectors.joining()))
                .append("\n");
        md.append("|---|").append("---:|".repeat(results.size())).append("\n");
        TreeSet<String> endpoints = new TreeSet<>();
        results.forEach(r -> endpoints.addAll(r.callsPerEndpoint().keySet()));
        for (String endpoint : endpoints) {
            md.append("| ").append(endpoint).append(" |");
            for (ConvergenceResult r : results) {
                md.append(String.format(
                        Locale.ROOT, " %.2f |", r.callsPerEndpoint().getOrDefault(endpoint, 0.0) / r.size()));
            }
            md.append("\n");
        }

        md.append(
                        "\n## Curves\n\nReady XClusters from the first create to all Ready, then XClusters left from the delete to all gone; ")
                .append(CURVE_COLUMNS)
                .append(
                        " columns each, full height = N. Every sample (250 ms) is in target/bench/convergence-N.csv.\n\n```\n");
        for (ConvergenceResult r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "N=%-5d ready   %s %s%n",
                    r.size(),
                    curve(r, "create", ConvergenceSample::ready),
                    span(r, "create")));
            md.append(String.format(
                    Locale.ROOT,
                    "N=%-5d present %s %s%n",
                    r.size(),
                    curve(r, "delete", ConvergenceSample::present),
                    span(r, "delete")));
        }
        md.append("```\n");
        return md.toString();
    }

    private static String perController(Map<String, Double> reconciles) {
        return reconciles.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.0f", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "timed out" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** A sparkline of one count over a phase: each column is the last sample in its slice of time. */
    private static String curve(
            ConvergenceResult result, String phase, java.util.function.ToIntFunction<ConvergenceSample> count) {
        List<ConvergenceSample> inPhase =
                result.samples().stream().filter(s -> s.phase().equals(phase)).toList();
        if (inPhase.isEmpty()) {
            return "(no samples)";
        }
        double start = inPhase.get(0).seconds();
        double length = Math.max(inPhase.get(inPhase.size() - 1).seconds() - start, 1e-9);
        StringBuilder line = new StringBuilder();
        int next = 0;
        int value = count.applyAsInt(inPhase.get(0));
        for (int column = 0; column < CURVE_COLUMNS; column++) {
            double until = start + length * (column + 1) / CURVE_COLUMNS;
            while (next < inPhase.size() && inPhase.get(next).seconds() <= until + 1e-9) {
                value = count.applyAsInt(inPhase.get(next++));
            }
            int level = (int) Math.round((double) value / result.size() * (BARS.length() - 1));
            line.append(value == 0 ? ' ' : BARS.charAt(Math.min(level, BARS.length() - 1)));
        }
        return line.toString();
    }

    private static String span(ConvergenceResult result, String phase) {
        List<ConvergenceSample> inPhase =
                result.samples().stream().filter(s -> s.phase().equals(phase)).toList();
        return inPhase.isEmpty()
                ? ""
                : String.format(
                        Locale.ROOT,
                        "(%.0f s)",
                        inPhase.get(inPhase.size() - 1).seconds()
                                - inPhase.get(0).seconds());
    }
}

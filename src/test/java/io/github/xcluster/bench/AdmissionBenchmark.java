package io.github.xcluster.bench;

import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.testing.JavaProcess;
import io.github.xcluster.testing.ShippedJvmOptions;
import io.github.xcluster.webhook.WebhookSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles and sustained throughput of the XCluster admission webhooks, the server in
 * a JVM of its own ({@link WebhookServerProcess}), the load from this one over HTTPS keep-alive.
 * Both webhooks are warmed up first (JIT of both sides), then per webhook: an open loop at a fixed
 * rate as warm-up (metal-api cache), one measured, and a closed loop as fast as the connections go.
 * Options: --rate (1000), --seconds (20), --warmup (10), --connections (4). Fails after writing the report when any answer was wrong.
 */
public final class AdmissionBenchmark {
    private static final double P99_TARGET_MILLIS = 2;
    private static final int RATE_OF_P99_TARGET = 1000;
    private static final double THROUGHPUT_TARGET = 5000;
    /** The heap config/manager gives the operator: 75 % of its 512 MiB memory limit. */
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xmx384m");

    private AdmissionBenchmark() {}

    public static void main(String[] args) throws Exception {
        JavaProcess.stopDescendantsOnExit();
        BenchOptions options = BenchOptions.parse(args, "rate", "seconds", "warmup", "connections");
        int rate = options.integer("rate", RATE_OF_P99_TARGET);
        Duration phase = Duration.ofSeconds(options.integer("seconds", 20));
        Duration warmup = Duration.ofSeconds(options.integer("warmup", 10));
        int connections = options.integer("connections", 4);

        CertificateAuthority ca =
                CertificateAuthority.create("admission benchmark CA", Duration.ofDays(1), Clock.systemUTC());
        Path certificates = BenchReport.DIRECTORY.resolve("admission-tls");
        ca.issueServerCertificate(List.of("127.0.0.1", "localhost"), Duration.ofDays(1))
                .writePem(certificates.resolve("tls.crt"), certificates.resolve("tls.key"));
        int port = JavaProcess.freePort();

        BenchReport report = new BenchReport(
                "Admission webhooks: latency and throughput, warm cache, HTTPS keep-alive on " + connections
                        + " connections",
                "webhook",
                "load",
                "reviews",
                "p50",
                "p99",
                "p99.9",
                "max",
                "reviews/s",
                "errors");
        List<String> errors = new ArrayList<>();
        try (JavaProcess server = JavaProcess.onOwnClasspath(
                        WebhookServerProcess.class,
                        SERVER_JVM_OPTIONS,
                        List.of(certificates.toString(), String.valueOf(port)),
                        Map.of("JAVA_TOOL_OPTIONS", ShippedJvmOptions.javaToolOptions()),
                        BenchReport.DIRECTORY.resolve("admission-server.log"));
                AdmissionLoad load =
                        AdmissionLoad.connect(port, ca.certificate().certificatePem(), connections)) {
            List<AdmissionTarget> targets =
                    List.of(AdmissionTarget.validatingXCluster(), AdmissionTarget.defaultingXCluster());
            for (AdmissionTarget target : targets) {
                load.awaitServing(target, Duration.ofSeconds(60), server);
                System.out.printf("%s: warm-up, closed loop for %s%n", target.name(), warmup);
                collectErrors(target, load.closedLoop(target, connections, warmup), errors);
            }
            for (AdmissionTarget target : targets) {
                System.out.printf("%s: warm-up, open loop %d/s for %s%n", target.name(), rate, warmup);
                collectErrors(target, load.openLoop(target, rate, warmup), errors);
                System.out.printf("%s: open loop %d/s for %s, closed loop for %s%n", target.name(), rate, phase, phase);
                AdmissionLoad.Result steady = load.openLoop(target, rate, phase);
                AdmissionLoad.Result flatOut = load.closedLoop(target, connections, phase);
                addRow(report, target, rate + "/s open loop", steady);
                addRow(report, target, "closed loop, " + connections + " in flight", flatOut);
                report.note(verdict(target, rate, steady, flatOut));
                collectErrors(target, steady, errors);
                collectErrors(target, flatOut, errors);
                server.checkAlive();
            }
        }
        report.note(
                "Both webhooks are warmed up with a closed loop before either is measured (JIT of the path they share),"
                        + " and each with an open loop at the measured rate right before its own phases: its lookup cache ("
                        + WebhookSettings.defaults().cacheTtl().toSeconds()
                        + " s) would otherwise have expired while the other was measured.");
        report.note(
                "Open-loop latency counts from when a review was due, not when it was sent (no coordinated omission);"
                        + " closed-loop latency from sending. Body: AdmissionReview CREATE of the walkthrough's sample XCluster.");
        report.note(
                "Server: WebhookServer with default settings and production logging (one line per admission,"
                        + " to a file) in a child JVM with the operator's heap (" + String.join(" ", SERVER_JVM_OPTIONS)
                        + ", JAVA_TOOL_OPTIONS=" + ShippedJvmOptions.javaToolOptions()
                        + "), metal-api"
                        + " simulator in the same JVM; load generator: Vert.x HttpClient in this JVM (see make/bench.mk), on the same machine.");
        errors.forEach(error -> report.note("Error: " + error));
        report.writeAndPrint("admission");
        if (!errors.isEmpty()) {
            throw new IllegalStateException(
                    "admission reviews failed; see target/bench/admission.md and target/bench/admission-server.log");
        }
    }

    private static void addRow(BenchReport report, AdmissionTarget target, String load, AdmissionLoad.Result result) {
        Histogram latencies = result.latencies();
        report.row(
                target.name(),
                load,
                result.requests(),
                BenchReport.millis(latencies.getValueAtPercentile(50)),
                BenchReport.millis(latencies.getValueAtPercentile(99)),
                BenchReport.millis(latencies.getValueAtPercentile(99.9)),
                BenchReport.millis(latencies.getMaxValue()),
                String.format(Locale.ROOT, "%.0f", result.perSecond()),
                result.errors());
    }

    private static String verdict(
            AdmissionTarget target, int rate, AdmissionLoad.Result steady, AdmissionLoad.Result flatOut) {
        double p99 = steady.latencies().getValueAtPercentile(99) / 1e6;
        String latency = rate == RATE_OF_P99_TARGET
                ? String.format(
                        Locale.ROOT,
                        "p99 %.2f ms at %d/s (target under %.0f ms: %s)",
                        p99,
                        rate,
                        P99_TARGET_MILLIS,
                        p99 < P99_TARGET_MILLIS ? "met" : "MISSED")
                : String.format(
                        Locale.ROOT,
                        "p99 %.2f ms at %d/s (the p99 target is stated for %d/s)",
                        p99,
                        rate,
                        RATE_OF_P99_TARGET);
        return String.format(
                Locale.ROOT,
                "%s: %s; %.0f reviews/s closed loop (target above %.0f: %s); the open loop's sender was up to %s late",
                target.name(),
                latency,
                flatOut.perSecond(),
                THROUGHPUT_TARGET,
                flatOut.perSecond() > THROUGHPUT_TARGET ? "met" : "MISSED",
                BenchReport.millis(steady.senderLag().toNanos()));
    }

    private static void collectErrors(AdmissionTarget target, AdmissionLoad.Result result, List<String> errors) {
        if (result.errors() > 0) {
            errors.add(target.name() + ": " + result.errors() + " of " + result.requests() + " reviews failed, e.g. "
                    + result.someErrors());
        }
    }
}

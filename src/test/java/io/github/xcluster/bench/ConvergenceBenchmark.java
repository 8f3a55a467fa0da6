package io.github.xcluster.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make bench-convergence}: for each N, N XClusters created at once against a real API server
 * and a metal-api simulator with latency, timed until all are Ready and until all are deleted and
 * freed, with the operator's memory, CPU and reconciliations. Writes target/bench/convergence.md.
 */
public final class ConvergenceBenchmark {
    private static final Path OUTPUT = Path.of("target/bench");

    private ConvergenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        JavaProcess.stopDescendantsOnExit();
        ConvergenceOptions options = ConvergenceOptions.parse(args);
        Files.createDirectories(OUTPUT);
        ConvergenceReport report =
                new ConvergenceReport(options, "make bench-convergence BENCH_ARGS=\"" + String.join(" ", args) + "\"");
        List<ConvergenceResult> results = new ArrayList<>();
        try (LocalApiServer apiServer =
                LocalApiServer.start(OUTPUT.resolve("convergence-apiserver"), System.getenv())) {
            try (KubernetesClient client = apiServer.newClient()) {
                CrdInstaller.install(client, Path.of("config/crd/bases"));
            }
            for (int size : options.sizes()) {
                System.out.println("convergence: N=" + size + " ...");
                ConvergenceResult result = new ConvergenceRun(apiServer, options, OUTPUT).measure(size);
                report.writeCsv(OUTPUT, result);
                results.add(result);
                Files.writeString(OUTPUT.resolve("convergence.md"), report.markdown(results));
            }
        }
        String markdown = report.markdown(results);
        System.out.println(markdown);
    }
}

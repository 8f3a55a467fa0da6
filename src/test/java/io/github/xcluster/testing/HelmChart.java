package io.github.xcluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * charts/xcluster-operator through hack/helm.sh, which builds helm from Go modules on first use.
 * Rendered as the release {@value #RELEASE} in {@value #NAMESPACE}, the chart's objects have the
 * names of config/default's.
 */
public final class HelmChart {
    public static final String RELEASE = "xcluster-operator";
    public static final String NAMESPACE = "xcluster-operator-system";
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path CHART = ROOT.resolve("charts/xcluster-operator");
    private static final String VALUES_SUFFIX = "-values.yaml";

    private final String kubeVersion;

    public HelmChart(String kubeVersion) {
        this.kubeVersion = kubeVersion;
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    public static Path directory() {
        return CHART;
    }

    /** {@code ci/<name>-values.yaml} of the chart. */
    public static Path ciValues(String name) {
        return CHART.resolve("ci").resolve(name + VALUES_SUFFIX);
    }

    /** The names of the chart's {@code ci/*-values.yaml}: value sets that turn its options on. */
    public static List<String> ciValueSets() {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(VALUES_SUFFIX))
                    .map(name -> name.substring(0, name.length() - VALUES_SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the chart's ci/ values", e);
        }
    }

    public Result lint(List<Path> valuesFiles) {
        return helm(
                withValues(List.of("lint", "--strict", "--kube-version", kubeVersion, CHART.toString()), valuesFiles));
    }

    /** {@code helm template} with the chart's CRDs, as {@code helm install} would create the objects. */
    public Result template(List<Path> valuesFiles) {
        return helm(withValues(
                List.of(
                        "template",
                        RELEASE,
                        CHART.toString(),
                        "--namespace",
                        NAMESPACE,
                        "--kube-version",
                        kubeVersion,
                        "--include-crds"),
                valuesFiles));
    }

    /** What {@link #template} prints; fails with helm's message when it cannot render. */
    public String rendered(List<Path> valuesFiles) {
        Result result = template(valuesFiles);
        if (!result.succeeded()) {
            throw new IllegalStateException("helm template " + valuesFiles + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    private static List<String> withValues(List<String> args, List<Path> valuesFiles) {
        List<String> all = new ArrayList<>(args);
        valuesFiles.forEach(file -> all.addAll(List.of("--values", file.toString())));
        return all;
    }

    private static Result helm(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("hack/helm.sh").toString());
        command.addAll(args);
        try {
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(ROOT.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                // The first call builds helm from Go modules, which takes minutes on a busy machine.
                if (!process.waitFor(20, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    return new Result(-1, Files.readString(out), "helm timed out: " + String.join(" ", args));
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.delete(out);
                Files.delete(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running helm", e);
        }
    }
}

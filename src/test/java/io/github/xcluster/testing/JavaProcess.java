package io.github.xcluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java process a test or benchmark starts beside itself, so the thing under test and the thing
 * testing never share a JVM. Its output goes to a log file, written anew per start, that outlives
 * it. It sees none of the operator's settings from this process's environment, only those it is
 * given. Closing it stops it as Kubernetes stops a pod. It runs on this process's JVM, or on the JDK that
 * {@code OPERATOR_JAVA_HOME} names, so a benchmark can measure the operator on another Java.
 */
public final class JavaProcess implements AutoCloseable {
    /** Prefixes of every variable the operator reads (see OperatorSettings), and KUBECONFIG. */
    private static final List<String> OPERATOR_SETTINGS = List.of(
            "METAL",
            "WATCH_",
            "LEADER_",
            "WEBHOOK",
            "HEALTH_",
            "METRICS_",
            "RECONCILE_",
            "DEFAULT_FIREWALL_",
            "LOG_FORMAT",
            "TENANCY",
            "OPERATOR_NAMESPACE",
            "KUBECONFIG");

    private static final long GRACE_SECONDS = 30;

    private final Process process;
    private final long startedNanos;
    private final Path log;

    private JavaProcess(Process process, long startedNanos, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Runs {@code mainClass} on this JVM's classpath. */
    public static JavaProcess onOwnClasspath(
            Class<?> mainClass, List<String> jvmOptions, List<String> args, Map<String, String> env, Path log) {
        List<String> launch =
                new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        launch.addAll(args);
        return start(jvmOptions, launch, env, log);
    }

    /** Runs {@code java -jar jar args}. */
    public static JavaProcess jar(
            Path jar, List<String> jvmOptions, List<String> args, Map<String, String> env, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run make build first");
        }
        List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
        launch.addAll(args);
        return start(jvmOptions, launch, env, log);
    }

    private static JavaProcess start(List<String> jvmOptions, List<String> launch, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(launch);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> OPERATOR_SETTINGS.stream().anyMatch(name::startsWith));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            long started = System.nanoTime();
            return new JavaProcess(builder.start(), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", launch) + " (output to " + log + ")", e);
        }
    }

    /**
     * A benchmark stopped with Ctrl-C must not leave its operator, kube-apiserver or etcd running:
     * at exit, every process this JVM started (and theirs) is told to stop.
     */
    public static void stopDescendantsOnExit() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                        "stop-child-processes"));
    }

    /** A port nobody listens on right now, for a child to bind. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the log's place when the process has already exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "the child process exited with " + process.exitValue() + "; its output is in " + log);
        }
    }

    /** Waits for the process to end by itself and returns its exit code; fails, naming the log, if it still runs. */
    public int exitCodeWithin(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "the child process still runs after " + timeout + "; its output is in " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the child process to exit", e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released, as in an OOM kill or node loss. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as Kubernetes stops a pod, then SIGKILL if it lingers. */
    @Override
    public void close() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String java() {
        String home = System.getenv("OPERATOR_JAVA_HOME");
        if (home != null) {
            return Path.of(home, "bin", "java").toString();
        }
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

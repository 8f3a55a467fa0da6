package io.github.xcluster.it;

import io.github.xcluster.run.Main;
import io.github.xcluster.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator in a JVM of its own, started the way its container starts it ({@code operator}
 * command, settings from the environment), so a test can kill it with SIGKILL. Its output goes to a
 * log file (written anew per start) that outlives the process.
 */
final class OperatorProcess {
    static final String STARTED = "operator started";
    private final String name;
    private final JavaProcess process;

    private OperatorProcess(String name, JavaProcess process) {
        this.name = name;
        this.process = process;
    }

    /**
     * @param name the replica's name, also its HOSTNAME and so its leader-election identity, as a
     *     pod's name would be
     */
    static OperatorProcess start(String name, Map<String, String> env, Path logDirectory) {
        Map<String, String> asPod = new HashMap<>(env);
        asPod.put("HOSTNAME", name);
        return new OperatorProcess(
                name,
                JavaProcess.onOwnClasspath(
                        Main.class,
                        List.of("-Xmx256m"),
                        List.of("operator"),
                        asPod,
                        logDirectory.resolve(name + ".log")));
    }

    String name() {
        return name;
    }

    /** Waits until the operator reports that it started, i.e. its informers are synced and it reconciles. */
    void awaitStarted(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(STARTED)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "operator process " + name + " did not start within " + timeout + "; its log:\n" + log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for operator process " + name, e);
            }
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released, as in an OOM kill or node loss. */
    void kill() {
        process.kill();
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    void stop() {
        process.close();
    }

    /** Waits for the operator to exit by itself, e.g. refusing to start; its exit code. */
    int exitCodeWithin(Duration timeout) {
        return process.exitCodeWithin(timeout);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        return process.logText();
    }
}

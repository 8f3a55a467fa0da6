package io.github.xcluster.it;

import io.github.xcluster.run.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator in a JVM of its own, started the way its container starts it ({@code operator}
 * command, settings from the environment), so a test can kill it with SIGKILL. Its output goes to a
 * log file (written anew per start) that outlives the process.
 */
final class OperatorProcess {
  static final String STARTED = "operator started";
  private final String name;
  private final Process process;
  private final Path log;

  private OperatorProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * @param name the replica's name, also its HOSTNAME and so its leader-election identity, as a
   *     pod's name would be
   */
  static OperatorProcess start(String name, Map<String, String> env, Path logDirectory) {
    Path log = logDirectory.resolve(name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "operator")
            .redirectErrorStream(true);
    try {
      Files.createDirectories(logDirectory);
      builder.redirectOutput(Redirect.to(log.toFile()));
      builder.environment().putAll(env);
      builder.environment().put("HOSTNAME", name);
      return new OperatorProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start operator process " + name, e);
    }
  }

  String name() {
    return name;
  }

  /** Waits until the operator reports that it started, i.e. its informers are synced and it reconciles. */
  void awaitStarted(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!log().contains(STARTED)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("operator process " + name + " did not start within " + timeout + "; its log:\n" + log());
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
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  void stop() {
    process.destroy();
    awaitExit();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of operator process " + name, e);
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

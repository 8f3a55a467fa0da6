package io.github.xcluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java process a benchmark starts beside itself, with its output in a log file, so the thing
 * measured and the thing measuring never share a JVM. Closing it stops the process.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final long startedNanos;
  private final Path log;

  private ChildJvm(Process process, long startedNanos, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.log = log;
  }

  /** Runs {@code mainClass} with {@code jvmOptions} on this JVM's classpath. */
  static ChildJvm onOwnClasspath(Class<?> mainClass, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    return start(command, Map.of(), log);
  }

  /** Runs {@code java -jar jar args} with extra environment variables. */
  static ChildJvm jar(Path jar, List<String> args, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    command.addAll(args);
    return start(command, env, log);
  }

  private static ChildJvm start(List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      long started = System.nanoTime();
      return new ChildJvm(builder.start(), started, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " (output to " + log + ")", e);
    }
  }

  /**
   * A benchmark stopped with Ctrl-C must not leave its operator, kube-apiserver or etcd running:
   * at exit, every process this JVM started (and theirs) is told to stop.
   */
  static void stopDescendantsOnExit() {
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "stop-child-processes"));
  }

  /** A port nobody listens on right now, for a child to bind. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /** {@link System#nanoTime()} just before the process was started. */
  long startedNanos() {
    return startedNanos;
  }

  Path log() {
    return log;
  }

  /** Fails with the log's place when the process has already exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the child process exited with " + process.exitValue() + "; its output is in " + log);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}

package io.github.xcluster.dev;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd + kube-apiserver on this machine, started through kube-api-test. Offline when {@code
 * make envtest} has put the binaries in place; otherwise kube-api-test may download them.
 */
public final class LocalApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String RESTARTED_LOG = "kube-apiserver-restarted.log";

    private final KubeAPIServer server;
    private final KubeBinaries binaries;
    private final Path kubeconfig;
    private Process restarted;

    private LocalApiServer(KubeAPIServer server, KubeBinaries binaries, Path kubeconfig) {
        this.server = server;
        this.binaries = binaries;
        this.kubeconfig = kubeconfig;
    }

    /** Starts the pinned Kubernetes version and writes its admin kubeconfig into {@code workDir}. */
    public static LocalApiServer start(Path workDir, Map<String, String> env) {
        return start(workDir, env, List.of());
    }

    /** Like {@link #start(Path, Map)}, with extra kube-apiserver flags such as an audit log. */
    public static LocalApiServer start(Path workDir, Map<String, String> env, List<String> apiServerFlags) {
        KubeBinaries binaries = KubeBinaries.pinned(env);
        KubeAPIServer server = startOnce(binaries, apiServerFlags).orElseGet(() -> {
            LOG.warn("starting etcd and kube-apiserver once more");
            return startOnce(binaries, apiServerFlags)
                    .orElseThrow(() -> new IllegalStateException(
                            "kube-apiserver did not get ready in two starts (kube-api-test waits 60 s each)"));
        });
        try {
            Files.createDirectories(workDir);
            Path kubeconfig = workDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            return new LocalApiServer(server, binaries, kubeconfig);
        } catch (IOException e) {
            stop(server);
            throw new UncheckedIOException("cannot write the kubeconfig into " + workDir, e);
        }
    }

    /**
     * One start; a server that never got ready is stopped, so its etcd and kube-apiserver do not outlive the
     * attempt (on a loaded 2-core machine one start in many has missed kube-api-test's 60 s readiness poll, and
     * one process in many has exited during start-up, when kube-api-test stops the pair itself).
     */
    private static Optional<KubeAPIServer> startOnce(KubeBinaries binaries, List<String> apiServerFlags) {
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binaries.testDir().toString())
                .withApiServerVersion(binaries.version())
                .withOfflineMode(binaries.present())
                .withUpdateKubeConfig(false)
                .withApiServerFlags(apiServerFlags)
                .build());
        try {
            server.start();
            return Optional.of(server);
        } catch (KubeAPITestException notReady) {
            LOG.warn("etcd or kube-apiserver did not start: {}", notReady.getMessage());
            stop(server);
            return Optional.empty();
        }
    }

    /**
     * kube-api-test stops everything itself, on its own thread, when etcd or kube-apiserver exits unexpectedly; a
     * second stop racing it finds the etcd data already deleted. Only the deletion can fail that way.
     */
    private static void stop(KubeAPIServer server) {
        try {
            server.stop();
        } catch (KubeAPITestException alreadyStopped) {
            LOG.warn("kube-api-test's clean-up after an earlier stop: {}", alreadyStopped.getMessage());
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String kubeconfigYaml() {
        return server.getKubeConfigYaml();
    }

    public Kubectl kubectl() {
        return new Kubectl(binaries.kubectl(), kubeconfig);
    }

    /** A new admin client; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigYaml()))
                .build();
    }

    /**
     * Stops kube-apiserver (SIGTERM) and starts it again with the same flags, port and etcd, as a
     * control-plane upgrade does; returns when it is ready again. kube-api-test tears down etcd too
     * when its apiserver exits, so it is first told that the process stops on purpose; from then on
     * the apiserver process is this object's to stop.
     */
    public synchronized void restartApiServer() {
        Process running = restarted != null ? restarted : KubeApiTestInternals.disownApiServer(server);
        List<String> commandLine = commandLineOf(running);
        running.destroy();
        try {
            running.waitFor();
            Path log = kubeconfig.resolveSibling(RESTARTED_LOG);
            restarted = new ProcessBuilder(commandLine)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kube-apiserver again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting kube-apiserver", e);
        }
        awaitReady();
    }

    private static List<String> commandLineOf(Process process) {
        ProcessHandle.Info info = process.info();
        List<String> commandLine = new ArrayList<>();
        commandLine.add(info.command()
                .orElseThrow(() -> new IllegalStateException("the command of kube-apiserver is not visible")));
        commandLine.addAll(Arrays.asList(info.arguments()
                .orElseThrow(() -> new IllegalStateException("the flags of kube-apiserver are not visible"))));
        return commandLine;
    }

    private void awaitReady() {
        try (KubernetesClient client = newClient()) {
            if (!Eventually.holds(READY_TIMEOUT, () -> isReady(client))) {
                throw new IllegalStateException("kube-apiserver is not ready " + READY_TIMEOUT.toSeconds()
                        + " s after its restart; see " + kubeconfig.resolveSibling(RESTARTED_LOG));
            }
        }
    }

    private static boolean isReady(KubernetesClient client) {
        try {
            return "ok".equals(client.raw("/readyz"));
        } catch (KubernetesClientException notYet) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (restarted != null) {
            restarted.destroy();
            try {
                restarted.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stop(server);
    }
}

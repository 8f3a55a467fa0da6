package io.github.xcluster.run;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real etcd + kube-apiserver on this machine, started through kube-api-test. Offline when {@code
 * make envtest} has put the binaries in place; otherwise kube-api-test may download them.
 */
public final class LocalApiServer implements AutoCloseable {
  private final KubeAPIServer server;
  private final KubeBinaries binaries;
  private final Path kubeconfig;

  private LocalApiServer(KubeAPIServer server, KubeBinaries binaries, Path kubeconfig) {
    this.server = server;
    this.binaries = binaries;
    this.kubeconfig = kubeconfig;
  }

  /** Starts the pinned Kubernetes version and writes its admin kubeconfig into {@code workDir}. */
  public static LocalApiServer start(Path workDir, Map<String, String> env) {
    KubeBinaries binaries = KubeBinaries.pinned(env);
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binaries.testDir().toString())
                .withApiServerVersion(binaries.version())
                .withOfflineMode(binaries.present())
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    try {
      Files.createDirectories(workDir);
      Path kubeconfig = workDir.resolve("kubeconfig");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      return new LocalApiServer(server, binaries, kubeconfig);
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException("cannot write the kubeconfig into " + workDir, e);
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
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml())).build();
  }

  @Override
  public void close() {
    server.stop();
  }
}

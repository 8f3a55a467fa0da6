package io.github.xcluster.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code operator}: runs against the cluster of KUBECONFIG (or in-cluster) and METAL_API_URL. */
final class OperatorCommand {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  private OperatorCommand() {}

  static int run(Map<String, String> env) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime runtime = OperatorRuntime.start(settings, client, Clock.systemUTC());
    return Shutdown.awaitThen(() -> {
      LOG.info("stopping");
      runtime.close();
      client.close();
    });
  }
}

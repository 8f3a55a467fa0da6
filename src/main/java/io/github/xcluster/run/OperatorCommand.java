package io.github.xcluster.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code operator}: runs against the cluster of KUBECONFIG (or in-cluster) and METAL_API_URL. */
public final class OperatorCommand {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);
    private static final Executor CLIENT_BUILDER = task -> new Thread(task, "kubernetes-client-build").start();

    private OperatorCommand() {}

    public static int run(Map<String, String> env) {
        OperatorSettings settings = OperatorSettings.fromEnvironment(env);
        CompletableFuture<KubernetesClient> client =
                CompletableFuture.supplyAsync(OperatorKubernetesClient::build, CLIENT_BUILDER);
        OperatorRuntime runtime = OperatorRuntime.start(settings, client, Clock.systemUTC());
        return Shutdown.awaitThen(() -> {
            LOG.info("stopping");
            runtime.close();
            client.join().close();
        });
    }
}

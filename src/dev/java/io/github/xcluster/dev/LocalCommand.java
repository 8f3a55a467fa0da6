package io.github.xcluster.dev;

import io.github.xcluster.run.OperatorCommand;
import io.github.xcluster.run.Shutdown;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code local} ({@code make run}): the whole system on this machine until Ctrl-C, the real Cluster API
 * controllers beside it unless CAPI=false; with KUBECONFIG and METAL_API_URL set, the operator alone
 * against those. {@code demo}: the walkthrough, once.
 */
final class LocalCommand {
    private static final String CLUSTER_TEMPLATE =
            "dist/clusterctl/infrastructure-metal-stack/v0.1.0/cluster-template.yaml";

    private LocalCommand() {}

    static int run(List<String> args, Map<String, String> env, boolean demo) {
        CommandOptions options = CommandOptions.parse(args, Set.of("work-dir"));
        if (!demo
                && env.containsKey("METAL_API_URL")
                && (env.containsKey("KUBECONFIG") || env.containsKey("KUBERNETES_SERVICE_HOST"))) {
            System.out.println(
                    "KUBECONFIG/in-cluster config and METAL_API_URL are set: running the operator against them");
            return OperatorCommand.run(env);
        }
        Path workDir = Path.of(options.text("work-dir").orElse("target/local")).toAbsolutePath();
        LocalWorld.Options worldOptions =
                demo ? LocalWorld.Options.forTests(workDir) : LocalWorld.Options.walkthrough(workDir);
        System.out.println("starting etcd + kube-apiserver, the metal-api simulator and the operator ...");
        LocalWorld world = LocalWorld.start(worldOptions, env);
        if (demo) {
            try (world) {
                return Walkthrough.run(world, System.out) ? 0 : 1;
            }
        }
        Optional<CapiControllers> capi = "false".equals(env.get("CAPI"))
                ? Optional.empty()
                : Optional.of(startCapi(world, workDir.resolve("capi"), env));
        System.out.println(
                instructions(world, capi.map(LocalCommand::capiInstructions).orElse("")));
        return Shutdown.awaitThen(() -> {
            System.out.println(
                    "stopping the Cluster API controllers, the operator, the simulator, kube-apiserver and etcd");
            capi.ifPresent(CapiControllers::close);
            world.close();
        });
    }

    private static CapiControllers startCapi(LocalWorld world, Path workDir, Map<String, String> env) {
        System.out.println("starting the Cluster API controllers (core, kubeadm bootstrap, kubeadm control plane);"
                + " CAPI=false skips them ...");
        try {
            CapiControllers capi = CapiControllers.start(world.client(), world.kubeconfig(), workDir, env);
            // The operator starts its Cluster API controllers only where core's API is served; now it is.
            world.restartOperator();
            return capi;
        } catch (RuntimeException e) {
            world.close();
            throw e;
        }
    }

    private static String capiInstructions(CapiControllers capi) {
        StringBuilder text = new StringBuilder("""


        Cluster API runs beside it (CAPI=false skips it); a cluster on the simulator's mini-lab partition:
        export METAL_PROJECT_ID=00000000-0000-0000-0000-000000000000 METAL_PARTITION=mini-lab
        export CONTROL_PLANE_MACHINE_SIZE=v1-small-x86 CONTROL_PLANE_MACHINE_IMAGE=ubuntu-20.04
        export WORKER_MACHINE_SIZE=v1-small-x86 WORKER_MACHINE_IMAGE=ubuntu-20.04
        export FIREWALL_MACHINE_SIZE=c1-xlarge-x86 FIREWALL_MACHINE_IMAGE=firewall-ubuntu-3.0
        export FIREWALL_EXTERNAL_NETWORKS='[internet-mini-lab]'
        %s generate cluster demo --from %s \\
          --target-namespace default --kubernetes-version v1.34.4 --worker-machine-count 2 | kubectl apply -f -
        kubectl get cluster,machines,metalstackclusters,metalstackfirewalldeployments,metalstackmachines -A
        """.formatted(capi.clusterctl(), CLUSTER_TEMPLATE));
        for (CapiControllers.Controller controller : capi.controllers()) {
            text.append("%-22s webhooks: https://127.0.0.1:%d  health: http://127.0.0.1:%d/readyz  log: %s%n"
                    .formatted(controller.name(), controller.webhookPort(), controller.healthPort(), controller.log()));
        }
        return text.toString().stripTrailing();
    }

    private static String instructions(LocalWorld world, String capiInstructions) {
        int simulatorPort = world.simulator().port();
        return """

        Everything runs. In another shell:

        export KUBECONFIG=%s
        %s
        kubectl apply -f config/samples/cluster_v1_xcluster.yaml
        kubectl get xcluster,xfirewall -A
        kubectl describe xcluster x-cellent
        kubectl patch xcluster x-cellent --type=merge -p '{"spec":{"xFirewallTemplate":{"spec":{"image":"firewall-ubuntu-3.0"}}}}'
        kubectl get xfirewall -w                       # the new firewall comes up, then the old one goes
        curl -s http://127.0.0.1:%d/_sim/machines      # the simulator's machines, as 'metalctl machine ls' shows them
        kubectl delete -f config/samples/cluster_v1_xcluster.yaml

        kubectl: %s (or any kubectl 1.27+)
        webhooks: https://127.0.0.1:%d  health: http://127.0.0.1:%d/healthz  metrics: https://127.0.0.1:%d/metrics (README: Monitoring)%s
        Ctrl-C stops everything.
        """.formatted(
                        world.kubeconfig(),
                        ExportLines.metal(world.simulator().baseUrl(), Optional.of(world.hmacKey()))
                                .strip(),
                        simulatorPort,
                        world.kubectl().binary(),
                        world.operator().webhookPort(),
                        world.operator().healthPort(),
                        world.operator().metricsPort(),
                        capiInstructions);
    }
}

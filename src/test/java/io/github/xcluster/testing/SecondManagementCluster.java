package io.github.xcluster.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.xcluster.dev.CapiControllers;
import io.github.xcluster.dev.CrdInstaller;
import io.github.xcluster.dev.LocalApiServer;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.run.MetalApiSource;
import io.github.xcluster.run.MetricsSettings;
import io.github.xcluster.run.OperatorRuntime;
import io.github.xcluster.run.OperatorSettings;
import io.github.xcluster.tenancy.TenancySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The target of a {@code clusterctl move}: an API server of its own with Cluster API's controllers and our operator,
 * acting on the same metal-api as the source.
 */
public final class SecondManagementCluster implements AutoCloseable {
    /** clusterctl move discovers the kinds to move by this label on their CRDs; clusterctl init sets it. */
    public static final String CLUSTERCTL_LABEL = "clusterctl.cluster.x-k8s.io";

    private final LocalApiServer apiServer;
    private final KubernetesClient client;
    private final CapiControllers capi;
    private final OperatorRuntime operator;

    private SecondManagementCluster(
            LocalApiServer apiServer, KubernetesClient client, CapiControllers capi, OperatorRuntime operator) {
        this.apiServer = apiServer;
        this.client = client;
        this.capi = capi;
        this.operator = operator;
    }

    public static SecondManagementCluster start(
            Path workDir, String metalApiUrl, String hmacKey, CapiControllers source) {
        LocalApiServer apiServer = LocalApiServer.start(workDir.resolve("apiserver"), System.getenv());
        KubernetesClient client = apiServer.newClient();
        CrdInstaller.install(client, Path.of("config/crd/bases"));
        CapiControllers capi =
                CapiControllers.start(client, apiServer.kubeconfig(), workDir.resolve("capi"), System.getenv());
        installMoveInventory(client, source);
        OperatorRuntime operator = OperatorRuntime.start(
                new OperatorSettings(
                        new MetalApiSource.Fixed(MetalApiConfig.of(metalApiUrl, hmacKey)),
                        ControllerSettings.defaults(),
                        Optional.empty(),
                        "127.0.0.1",
                        0,
                        MetricsSettings.secure(0),
                        TenancySettings.singleTenant()),
                CompletableFuture.completedFuture(client),
                Clock.systemUTC());
        return new SecondManagementCluster(apiServer, client, capi, operator);
    }

    /**
     * What clusterctl init leaves for move: clusterctl's Provider CRD (its inventory) and the label on every Cluster
     * API and infrastructure CRD.
     */
    public static void installMoveInventory(KubernetesClient client, CapiControllers capi) {
        CrdInstaller.install(client, capi.module().resolve("cmd/clusterctl/config/crd/bases"));
        for (CustomResourceDefinition crd :
                client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            if (crd.getSpec().getGroup().endsWith("cluster.x-k8s.io")) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"labels\":{\"" + CLUSTERCTL_LABEL + "\":\"\"}}}");
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return apiServer.kubeconfig();
    }

    @Override
    public void close() {
        operator.close();
        capi.close();
        client.close();
        apiServer.close();
    }
}

package io.github.xcluster.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Cluster API's CRDs without its controllers, for tests that play core's part by hand: the module's CRD bases as
 * they are, so every object is stored and read at core's storage version v1beta2 and no conversion is needed.
 */
public final class ClusterApiModule {
    private ClusterApiModule() {}

    /** Core's and the kubeadm providers' CRDs, building the binaries first if they are missing. */
    public static void install(KubernetesClient client) {
        install(client, CapiBinaries.build(System.getenv()));
    }

    public static void install(KubernetesClient client, CapiBinaries binaries) {
        for (String component : List.of("core", "bootstrap/kubeadm", "controlplane/kubeadm")) {
            CrdInstaller.install(client, binaries.module().resolve(component).resolve("config/crd/bases"));
        }
    }
}

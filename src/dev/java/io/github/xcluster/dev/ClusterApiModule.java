package io.github.xcluster.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The Cluster API v1.14.2 module that hack/capi.sh builds: its CRDs, installed as kustomize would. */
public final class ClusterApiModule {
    private ClusterApiModule() {}

    /** The module's source directory, as `hack/capi.sh build` prints it (building the binaries if absent). */
    public static Path directory() {
        try {
            Process build = new ProcessBuilder("hack/capi.sh", "build")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (build.waitFor() != 0) {
                throw new IllegalStateException("hack/capi.sh build failed: " + out);
            }
            return out.lines()
                    .filter(line -> line.startsWith("module "))
                    .map(line -> Path.of(line.substring("module ".length())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("hack/capi.sh build named no module: " + out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Core's and the kubeadm providers' CRDs. */
    public static void install(KubernetesClient client) {
        Path module = directory();
        for (String component : List.of("core", "bootstrap/kubeadm", "controlplane/kubeadm")) {
            CrdInstaller.install(client, module.resolve(component).resolve("config/crd/bases"));
        }
    }
}

package io.github.xcluster.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.dev.LocalWorld;
import java.nio.file.Path;

/**
 * One real API server, simulator and operator for every integration test in this JVM: starting
 * etcd and kube-apiserver costs seconds, so tests share them and keep apart by namespace.
 */
public final class SharedWorld {
    private static LocalWorld world;

    private SharedWorld() {}

    public static synchronized LocalWorld get() {
        if (world == null) {
            world = LocalWorld.start(LocalWorld.Options.forTests(Path.of("target/it-world")), System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(world::close, "shared-world-shutdown"));
        }
        return world;
    }

    /** A fresh namespace for one test. */
    static String newNamespace(String prefix) {
        return newNamespace(get().client(), prefix);
    }

    /** A fresh namespace for one test, in the API server {@code client} talks to. */
    static String newNamespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }
}

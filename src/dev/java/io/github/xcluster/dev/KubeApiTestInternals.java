package io.github.xcluster.dev;

import io.fabric8.kubeapitest.KubeAPIServer;
import java.lang.reflect.Field;

/**
 * The one place that reaches into kube-api-test (7.5.x): it offers no apiserver restart, and it
 * stops etcd as soon as its apiserver process exits unless that process was marked as stopped.
 */
final class KubeApiTestInternals {
    private KubeApiTestInternals() {}

    /** Marks kube-api-test's apiserver process as stopped on purpose and hands it over. */
    static Process disownApiServer(KubeAPIServer server) {
        try {
            Object apiServer =
                    field(KubeAPIServer.class, "kubeApiServerProcess").get(server);
            field(apiServer.getClass(), "stopped").setBoolean(apiServer, true);
            return (Process) field(apiServer.getClass(), "apiServerProcess").get(apiServer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this kube-api-test version keeps its apiserver process elsewhere; see KubeApiTestInternals", e);
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}

package io.github.xcluster.dev;

import io.fabric8.kubeapitest.binary.OSInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where kube-api-test keeps etcd, kube-apiserver and kubectl for one Kubernetes version: {@code
 * $KUBE_API_TEST_DIR/k8s/<version>-<os>-<arch>/}, filled by {@code make envtest}.
 */
public record KubeBinaries(Path testDir, String version, Path directory) {
    static final String DEFAULT_VERSION = "1.34.4";

    static KubeBinaries forVersion(String version, Map<String, String> env) {
        Path testDir = Path.of(env.getOrDefault(
                "KUBE_API_TEST_DIR",
                Path.of(System.getProperty("user.home"), ".kubeapitest").toString()));
        OSInfo os = new OSInfo();
        Path directory = testDir.resolve("k8s").resolve(version + "-" + os.getOSName() + "-" + os.getOSArch());
        return new KubeBinaries(testDir, version, directory);
    }

    /** The version pinned by the build ({@code kube.version} in pom.xml), or the default. */
    public static KubeBinaries pinned(Map<String, String> env) {
        String version = System.getProperty("xcluster.kubeVersion", env.getOrDefault("KUBE_VERSION", DEFAULT_VERSION));
        return forVersion(version, env);
    }

    public boolean present() {
        return Files.isExecutable(kubectl())
                && Files.isExecutable(directory.resolve("kube-apiserver"))
                && Files.isExecutable(directory.resolve("etcd"));
    }

    public Path kubectl() {
        return directory.resolve("kubectl");
    }
}

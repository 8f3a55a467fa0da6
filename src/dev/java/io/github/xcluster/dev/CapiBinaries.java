package io.github.xcluster.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Cluster API v1.14 binaries and the module source they were built from, as {@code hack/capi.sh build}
 * reports them: one {@code <name> <path>} line per binary, then {@code module <dir>}.
 */
public record CapiBinaries(
        Path coreManager, Path kubeadmBootstrap, Path kubeadmControlPlane, Path clusterctl, Path module) {
    private static final Path SCRIPT = Path.of("hack/capi.sh");

    /** Builds what is missing (minutes when cold, the build's progress on stderr) and returns where everything is. */
    public static CapiBinaries build(Map<String, String> env) {
        if (!Files.isExecutable(cacheDirectory(env).resolve("capi-manager"))) {
            System.out.println("building the Cluster API v1.14 controllers and clusterctl with hack/capi.sh:"
                    + " a cold build takes about 6 minutes on 2 cores (later runs reuse the binaries)");
        }
        String output = run();
        Map<String, Path> paths = new HashMap<>();
        output.lines().map(line -> line.split(" ", 2)).forEach(fields -> {
            if (fields.length != 2) {
                throw new IllegalStateException(
                        SCRIPT + " build printed an unexpected line: " + String.join(" ", fields));
            }
            paths.put(fields[0], Path.of(fields[1]));
        });
        return new CapiBinaries(
                required(paths, "capi-manager"),
                required(paths, "capi-kubeadm-bootstrap"),
                required(paths, "capi-kubeadm-control-plane"),
                required(paths, "clusterctl"),
                required(paths, "module"));
    }

    /** Where hack/lib/go-tool.sh caches the binaries it builds. */
    private static Path cacheDirectory(Map<String, String> env) {
        String cache = env.getOrDefault(
                "XDG_CACHE_HOME",
                Path.of(System.getProperty("user.home"), ".cache").toString());
        return Path.of(cache, "xcluster-operator", "bin");
    }

    private static String run() {
        try {
            Process build = new ProcessBuilder(SCRIPT.toString(), "build")
                    .redirectError(Redirect.INHERIT)
                    .start();
            build.getOutputStream().close();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exitCode = build.waitFor();
            if (exitCode != 0) {
                throw new IllegalStateException(SCRIPT + " build failed with exit code " + exitCode
                        + " (its reason is on stderr above; a Go 1.24+ toolchain and the Go module proxy are needed)");
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT + " build (run from the repository root)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Cluster API binaries", e);
        }
    }

    private static Path required(Map<String, Path> paths, String name) {
        Path path = paths.get(name);
        if (path == null) {
            throw new IllegalStateException(SCRIPT + " build did not report " + name + "; it reported " + paths);
        }
        return path;
    }
}

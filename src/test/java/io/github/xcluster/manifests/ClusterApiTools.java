package io.github.xcluster.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Cluster API that hack/capi.sh pins (v1.14.2): its binaries, built from Go modules on first use and cached
 * later, and the module source that holds its CRDs.
 */
final class ClusterApiTools {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final Map<String, Path> paths;

    private ClusterApiTools(Map<String, Path> paths) {
        this.paths = paths;
    }

    /** Runs {@code hack/capi.sh build} and reads the "name path" lines it prints. */
    static ClusterApiTools build(Path log) throws IOException, InterruptedException {
        HackScript.Result built = HackScript.run(ROOT, log, "hack/capi.sh", "build");
        if (built.exitCode() != 0) {
            throw new IllegalStateException("hack/capi.sh build failed:\n" + built.output());
        }
        Map<String, Path> paths = new HashMap<>();
        built.output()
                .lines()
                .map(line -> line.split(" ", 2))
                .filter(parts -> parts.length == 2 && parts[1].startsWith("/"))
                .forEach(parts -> paths.put(parts[0], Path.of(parts[1])));
        return new ClusterApiTools(paths);
    }

    Clusterctl clusterctl(Path home) {
        return new Clusterctl(path("clusterctl"), home);
    }

    /** The CRD directories of core, the kubeadm bootstrap provider and the kubeadm control-plane provider. */
    List<Path> crdDirectories() {
        Path module = path("module");
        return List.of(
                module.resolve("core/config/crd/bases"),
                module.resolve("bootstrap/kubeadm/config/crd/bases"),
                module.resolve("controlplane/kubeadm/config/crd/bases"));
    }

    private Path path(String name) {
        Path path = paths.get(name);
        if (path == null) {
            throw new IllegalStateException("hack/capi.sh build printed no line for " + name + ": " + paths);
        }
        return path;
    }

    /** clusterctl with a home directory of its own, so that no user's clusterctl settings or cache take part. */
    record Clusterctl(Path binary, Path home) {
        record Result(int exitCode, String stdout, String stderr) {
            boolean succeeded() {
                return exitCode == 0;
            }
        }

        Result run(Map<String, String> variables, String... args) {
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> !name.equals("PATH"));
            env.put("HOME", home.toString());
            env.putAll(variables);
            try {
                Path stdout = Files.createTempFile(home, "clusterctl", ".out");
                Path stderr = Files.createTempFile(home, "clusterctl", ".err");
                Process process = builder.redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 minutes");
                }
                return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running clusterctl", e);
            }
        }
    }
}

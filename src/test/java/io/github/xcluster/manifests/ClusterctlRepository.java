package io.github.xcluster.manifests;

import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the release files of the clusterctl provider {@value #PROVIDER} as a local repository under
 * {@code dist/clusterctl}: {@code infrastructure-metal-stack/v<pom version>/} with infrastructure-components.yaml
 * (config/clusterctl rendered by the kubectl of {@code make envtest}), metadata.yaml and cluster-template.yaml (both
 * copied from config/clusterctl). Run by {@code make clusterctl-repo}.
 */
public final class ClusterctlRepository {
    static final String PROVIDER = "metal-stack";
    static final Path DIRECTORY = Path.of("dist/clusterctl");
    static final String COMPONENTS = "infrastructure-components.yaml";
    static final String METADATA = "metadata.yaml";
    static final String CLUSTER_TEMPLATE = "cluster-template.yaml";
    private static final Path SOURCES = Path.of("config/clusterctl");
    private static final String HEADER = """
            # Generated from config/clusterctl by `make clusterctl-repo`; do not edit.
            # Installed by `clusterctl init --infrastructure metal-stack`; needs METAL_API_URL and METAL_API_HMAC.
            """;

    private ClusterctlRepository() {}

    public static void main(String[] args) {
        BundleGenerator.deleteRecursively(DIRECTORY);
        render().forEach((relative, content) -> {
            Path file = DIRECTORY.resolve(relative);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            System.out.println("wrote " + file);
        });
    }

    /** The directory of this version's release files, relative to {@link #DIRECTORY}. */
    static Path releaseDirectory() {
        String version = ProjectCoordinates.readFrom(Path.of("pom.xml")).version();
        return Path.of("infrastructure-" + PROVIDER, "v" + version);
    }

    /** Every file of the repository by its path relative to {@link #DIRECTORY}. */
    static SortedMap<String, String> render() {
        Path release = releaseDirectory();
        SortedMap<String, String> files = new TreeMap<>();
        files.put(release.resolve(COMPONENTS).toString(), HEADER + components());
        for (String copied : new String[] {METADATA, CLUSTER_TEMPLATE}) {
            files.put(release.resolve(copied).toString(), read(SOURCES.resolve(copied)));
        }
        return files;
    }

    private static String components() {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        if (!binaries.present()) {
            throw new IllegalStateException("no kubectl in " + binaries.directory() + "; run `make envtest`");
        }
        Kubectl.Result rendered = new Kubectl(binaries.kubectl(), Path.of("/dev/null"))
                .run("kustomize", SOURCES.toAbsolutePath().toString());
        if (!rendered.succeeded()) {
            throw new IllegalStateException("kubectl kustomize " + SOURCES + " failed: " + rendered.stderr());
        }
        return quoteVariableValues(rendered.stdout());
    }

    /**
     * kustomize drops the quotes around {@code value: "${METAL_API_ALLOW_HTTP:=false}"}, and clusterctl's
     * substitution would then make an env value a YAML boolean, which a Deployment refuses. Quoted, it stays text.
     */
    static String quoteVariableValues(String manifests) {
        return manifests.replaceAll("(?m)^(\\s+value: )(\\$\\{[A-Z_]+(:=[^}]*)?})$", "$1\"$2\"");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

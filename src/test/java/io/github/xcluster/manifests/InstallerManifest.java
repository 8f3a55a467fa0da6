package io.github.xcluster.manifests;

import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code dist/install.yaml}: what {@code kubectl apply -k config/default} installs, as one
 * file for {@code kubectl apply -f}, rendered by the kubectl of {@code make envtest}. Run by {@code
 * make installer}.
 */
public final class InstallerManifest {
    static final Path FILE = Path.of("dist/install.yaml");
    private static final String HEADER = """
            # Generated from config/default by `make installer`; do not edit.
            # Needs cert-manager (the webhook certificate); metal-api settings come from the Secret metal-api.
            """;

    private InstallerManifest() {}

    public static void main(String[] args) throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, render());
        System.out.println("wrote " + FILE);
    }

    static String render() {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        if (!binaries.present()) {
            throw new IllegalStateException("no kubectl in " + binaries.directory() + "; run `make envtest`");
        }
        Kubectl.Result rendered = new Kubectl(binaries.kubectl(), Path.of("/dev/null"))
                .run("kustomize", Path.of("config/default").toAbsolutePath().toString());
        if (!rendered.succeeded()) {
            throw new IllegalStateException("kubectl kustomize config/default failed: " + rendered.stderr());
        }
        return HEADER + rendered.stdout();
    }
}

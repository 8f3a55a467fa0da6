package io.github.xcluster.dev;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Applies CRDs, e.g. those of config/crd/bases, and waits until the API server serves them. */
public final class CrdInstaller {
    private CrdInstaller() {}

    public static void install(KubernetesClient client, Path crdDirectory) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(crdDirectory)) {
            files = listing.filter(path -> path.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the CRDs in " + crdDirectory + " (run from the repository root)", e);
        }
        install(client, files.stream().map(CrdInstaller::read).toList());
    }

    /** Applies these CRDs and waits until each is established. */
    public static void install(KubernetesClient client, List<CustomResourceDefinition> crds) {
        for (CustomResourceDefinition crd : crds) {
            client.resource(crd).forceConflicts().serverSideApply();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            served -> served != null
                                    && served.getStatus() != null
                                    && served.getStatus().getConditions() != null
                                    && served.getStatus().getConditions().stream()
                                            .anyMatch(c ->
                                                    "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                            30,
                            TimeUnit.SECONDS);
        }
    }

    static CustomResourceDefinition read(Path file) {
        try {
            return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

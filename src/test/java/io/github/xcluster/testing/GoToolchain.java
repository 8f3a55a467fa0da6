package io.github.xcluster.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether the hack/ scripts can build their Go tools here: a go on PATH, or where Go's installer puts it. */
public final class GoToolchain {
    private GoToolchain() {}

    public static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/local/go/bin"))
                .filter(directory -> !directory.isEmpty())
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "go")));
    }
}

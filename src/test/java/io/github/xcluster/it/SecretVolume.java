package io.github.xcluster.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Secret volume written as the kubelet's AtomicWriter writes one: the keys in a fresh {@code ..<n>} directory, the
 * {@code ..data} symlink swapped to it in one rename, and one symlink per key through {@code ..data}. A reader never
 * sees half of an update. An optional Secret that does not exist is an empty directory.
 */
final class SecretVolume {
    private final Path directory;
    private int generation;

    SecretVolume(Path directory) {
        this.directory = directory;
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> old = Files.walk(directory)) {
                    old.sorted(java.util.Comparator.reverseOrder())
                            .filter(path -> !path.equals(directory))
                            .forEach(SecretVolume::delete);
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Secret volume " + directory, e);
        }
    }

    Path directory() {
        return directory.toAbsolutePath();
    }

    /** The Secret as created or updated to these keys; none is the Secret deleted. */
    void project(Map<String, String> keys) {
        try {
            Path stamped = Files.createDirectory(directory.resolve("..gen-" + ++generation));
            for (Map.Entry<String, String> key : keys.entrySet()) {
                Files.writeString(stamped.resolve(key.getKey()), key.getValue(), StandardCharsets.UTF_8);
            }
            Path next = Files.createSymbolicLink(directory.resolve("..data_tmp"), stamped.getFileName());
            Files.move(next, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String key : keys.keySet()) {
                Path link = directory.resolve(key);
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, Path.of("..data", key));
                }
            }
            try (Stream<Path> links = Files.list(directory)) {
                links.filter(link -> !link.getFileName().toString().startsWith(".."))
                        .filter(link -> !keys.containsKey(link.getFileName().toString()))
                        .forEach(SecretVolume::delete);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the Secret volume " + directory, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
    }
}

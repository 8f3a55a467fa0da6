package io.github.xcluster.run;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Typed reads of environment variables, failing with the variable, its value and what fits. */
final class EnvironmentReader {
    private final Map<String, String> env;

    EnvironmentReader(Map<String, String> env) {
        this.env = env;
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    boolean flag(String name, boolean fallback) {
        return text(name)
                .map(value -> switch (value.toLowerCase()) {
                    case "true", "1", "yes" -> true;
                    case "false", "0", "no" -> false;
                    default -> throw new UsageException(name + "=" + value + " is not a boolean; use true or false");
                })
                .orElse(fallback);
    }

    int port(String name, int fallback) {
        return text(name).map(value -> parsePort(name, value)).orElse(fallback);
    }

    int positive(String name, int fallback) {
        return text(name)
                .map(value -> {
                    try {
                        int number = Integer.parseInt(value);
                        if (number > 0) {
                            return number;
                        }
                    } catch (NumberFormatException ignored) {
                        // reported below with the allowed range
                    }
                    throw new UsageException(name + "=" + value + " is not a positive whole number");
                })
                .orElse(fallback);
    }

    Set<String> list(String name) {
        return text(name)
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(item -> !item.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw new UsageException(name + "=" + value + " is not a port number (0-65535)");
    }
}

package io.github.xcluster.dev;

import io.github.xcluster.run.UsageException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options of one command, checked against the names it knows. */
final class CommandOptions {
    private final Map<String, String> values;

    private CommandOptions(Map<String, String> values) {
        this.values = values;
    }

    static CommandOptions parse(List<String> args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name;
            String value;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(2, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.startsWith("--") && i + 1 < args.size()) {
                name = arg.substring(2);
                value = args.get(++i);
            } else {
                throw new UsageException(
                        "unexpected argument \"" + arg + "\"; options are --" + String.join(", --", known));
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + "; options are --" + String.join(", --", known));
            }
            values.put(name, value);
        }
        return new CommandOptions(values);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    int integer(String name, int fallback) {
        return text(name)
                .map(value -> {
                    try {
                        return Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--" + name + " " + value + " is not a whole number");
                    }
                })
                .orElse(fallback);
    }

    /** A duration like {@code 2s}, {@code 500ms} or {@code 1m}. */
    Duration duration(String name, Duration fallback) {
        return text(name).map(value -> parseDuration(name, value)).orElse(fallback);
    }

    private static Duration parseDuration(String name, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            return Duration.parse("PT" + value.toUpperCase());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageException("--" + name + " " + value + " is not a duration such as 500ms, 2s or 1m");
        }
    }
}

package io.github.xcluster.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's {@code --name value} arguments. */
final class BenchOptions {
    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /** Blank arguments (an empty BENCH_ARGS) are skipped; names other than {@code known} fail. */
    static BenchOptions parse(String[] args, String... known) {
        List<String> words = Arrays.stream(args).filter(arg -> !arg.isBlank()).toList();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < words.size(); i += 2) {
            String name = words.get(i).replaceFirst("^--", "");
            if (!words.get(i).startsWith("--") || !List.of(known).contains(name) || i + 1 == words.size()) {
                throw new IllegalArgumentException(
                        "expected --name value pairs with names " + List.of(known) + ", got " + words);
            }
            values.put(name, words.get(i + 1));
        }
        return new BenchOptions(values);
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, was \"" + value + "\"");
    }
}

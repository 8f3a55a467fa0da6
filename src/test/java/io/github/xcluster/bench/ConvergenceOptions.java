package io.github.xcluster.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code make bench-convergence BENCH_ARGS="..."} may change. */
/**
 * @param operatorEnvironment extra environment of the operator process, e.g. RECONCILE_THREADS=50 to
 *     compare a setting against the defaults
 */
record ConvergenceOptions(
        List<Integer> sizes,
        Duration latency,
        Duration provisioning,
        Duration timeout,
        Map<String, String> operatorEnvironment) {
    static final String USAGE =
            "options: --sizes 100,500,1000 --latency-ms 20 --provisioning-seconds 3 --timeout-seconds 600 [--operator-env NAME=VALUE]...";

    static ConvergenceOptions parse(String[] args) {
        List<Integer> sizes = List.of(100, 500, 1000);
        Duration latency = Duration.ofMillis(20);
        Duration provisioning = Duration.ofSeconds(3);
        Duration timeout = Duration.ofMinutes(10);
        Map<String, String> operatorEnvironment = new TreeMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--sizes" ->
                    sizes = Arrays.stream(value.split(","))
                            .map(String::trim)
                            .map(size -> positive("--sizes", size))
                            .toList();
                case "--latency-ms" -> latency = Duration.ofMillis(positive("--latency-ms", value));
                case "--provisioning-seconds" ->
                    provisioning = Duration.ofSeconds(positive("--provisioning-seconds", value));
                case "--timeout-seconds" -> timeout = Duration.ofSeconds(positive("--timeout-seconds", value));
                case "--operator-env" -> {
                    String[] variable = value.split("=", 2);
                    if (variable.length != 2 || variable[0].isBlank()) {
                        throw new IllegalArgumentException("--operator-env " + value + " is not NAME=VALUE; " + USAGE);
                    }
                    operatorEnvironment.put(variable[0], variable[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new ConvergenceOptions(sizes, latency, provisioning, timeout, Map.copyOf(operatorEnvironment));
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + value + " is not a positive whole number; " + USAGE);
    }
}

package io.github.xcluster.dev;

import io.github.xcluster.run.LogFormat;
import io.github.xcluster.run.UsageException;
import java.util.Arrays;
import java.util.List;

/**
 * The dev world's entry point, run by the Makefile on the test classpath: {@code local} starts the whole system
 * on this machine ({@code make run}), {@code demo} walks the xcluster sample through its life and exits, {@code
 * simulate} runs the metal-api simulator alone.
 */
public final class DevMain {
    private static final String USAGE = """
            usage: make run | make demo | make simulate
                   (DevMain [--log-format plain|json] COMMAND [OPTIONS])

            commands:
              local      start kube-apiserver + etcd, the simulator, the operator and its webhooks here
              demo       like local, then apply the sample, wait for READY, delete it, check all is freed
              simulate   run the metal-api simulator: --port 8080 [--hmac KEY] [--machines-per-size N]
            """;

    private DevMain() {}

    public static void main(String[] args) {
        try {
            System.exit(run(Arrays.asList(args)));
        } catch (UsageException e) {
            System.err.println("xcluster-operator: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            // the local world's processes and threads must not keep a failed make run or make demo alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static int run(List<String> args) {
        List<String> rest = LogFormat.configureFrom(args, System.getenv());
        if (rest.isEmpty()) {
            throw new UsageException("a command is required\n" + USAGE);
        }
        List<String> options = rest.subList(1, rest.size());
        return switch (rest.get(0)) {
            case "local" -> LocalCommand.run(options, System.getenv(), false);
            case "demo" -> LocalCommand.run(options, System.getenv(), true);
            case "simulate" -> SimulateCommand.run(options);
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown command \"" + rest.get(0) + "\"\n" + USAGE);
        };
    }
}

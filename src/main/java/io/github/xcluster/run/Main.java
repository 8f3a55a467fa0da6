package io.github.xcluster.run;

import java.util.Arrays;
import java.util.List;

/**
 * The one entry point of the jar. {@code operator} (the default) runs the controllers and webhooks;
 * {@code simulate} runs the metal-api simulator; {@code local} starts the whole system on this
 * machine ({@code make run}); {@code demo} walks the xcluster sample through its life and exits.
 */
public final class Main {
    private static final String USAGE = """
      usage: java -jar xcluster-operator.jar [--log-format plain|json] [COMMAND] [OPTIONS]

      commands:
        operator   run the operator against KUBECONFIG/in-cluster config and METAL_API_URL (default)
        simulate   run the metal-api simulator: --port 8080 [--hmac KEY] [--machines-per-size N]
        local      start kube-apiserver + etcd, the simulator, the operator and its webhooks here
        demo       like local, then apply the sample, wait for READY, delete it, check all is freed
      """;

    private Main() {}

    public static void main(String[] args) {
        try {
            System.exit(run(Arrays.asList(args)));
        } catch (UsageException e) {
            System.err.println("xcluster-operator: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int run(List<String> args) {
        List<String> rest = LogFormat.configureFrom(args, System.getenv());
        boolean commandGiven = !rest.isEmpty() && !rest.get(0).startsWith("--");
        String command = commandGiven ? rest.get(0) : "operator";
        List<String> options = commandGiven ? rest.subList(1, rest.size()) : rest;
        return switch (command) {
            case "operator" -> OperatorCommand.run(System.getenv());
            case "simulate" -> SimulateCommand.run(options);
            case "local" -> LocalCommand.run(options, System.getenv(), false);
            case "demo" -> LocalCommand.run(options, System.getenv(), true);
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown command \"" + command + "\"\n" + USAGE);
        };
    }
}

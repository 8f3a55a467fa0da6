package io.github.xcluster.run;

import io.github.xcluster.webhook.tls.UnusableCertificateException;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of the operator's jar and image: {@code operator} (the default) runs the controllers and
 * webhooks. The dev world ({@code make run}, {@code make demo}, {@code make simulate}) has its own entry point,
 * {@code io.github.xcluster.dev.DevMain}, outside this jar.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar xcluster-operator.jar [--log-format plain|json] [operator]

            runs the operator against KUBECONFIG/in-cluster config and METAL_API_URL
            """;

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Main() {}

    public static void main(String[] args) {
        keepCommonPoolThreads();
        try {
            System.exit(run(Arrays.asList(args)));
        } catch (UsageException e) {
            System.err.println("xcluster-operator: " + e.getMessage());
            System.exit(2);
        } catch (UnusableCertificateException e) {
            System.err.println("xcluster-operator: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * With one or two CPUs (a pod's limit), the common pool's parallelism is 1, and then CompletableFuture runs every
     * async stage on a thread of its own, started for it: the HTTP clients complete each answer that way. Two
     * workers keep their threads. Set before anything touches the pool; an explicit setting wins.
     */
    private static void keepCommonPoolThreads() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }

    private static int run(List<String> args) {
        List<String> rest = LogFormat.configureFrom(args, System.getenv());
        String command = rest.isEmpty() ? "operator" : rest.get(0);
        return switch (command) {
            case "operator" -> OperatorCommand.run(System.getenv());
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown command \"" + command + "\"\n" + USAGE);
        };
    }
}

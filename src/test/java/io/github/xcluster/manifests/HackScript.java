package io.github.xcluster.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the hack/ scripts that build a Go tool on first use, in the project root, with its
 * output in a file: the first run builds from Go modules, which takes minutes on a busy machine.
 */
final class HackScript {
    private static final long TIMEOUT_MINUTES = 20;

    record Result(int exitCode, String output) {
        List<String> lines(String prefix) {
            return output.lines().filter(line -> line.startsWith(prefix)).toList();
        }
    }

    private HackScript() {}

    static Result run(Path root, Path log, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve(script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes:\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}

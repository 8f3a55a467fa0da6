package io.github.xcluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A benchmark's figures as one Markdown table with notes, written to target/bench/ and printed. */
final class BenchReport {
    static final Path DIRECTORY = Path.of("target", "bench");

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    BenchReport(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    void row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(
                    "a row of " + title + " needs " + columns.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    }

    void note(String line) {
        notes.add(line);
    }

    /** Writes target/bench/{name}.md, prints it, and answers the file. */
    Path writeAndPrint(String name) {
        StringBuilder text = new StringBuilder("## ").append(title).append("\n\n");
        text.append(line(columns))
                .append(line(columns.stream().map(column -> "---").toList()));
        rows.forEach(row -> text.append(line(row)));
        text.append('\n');
        notes.forEach(note -> text.append("- ").append(note).append('\n'));
        text.append("- Machine: ").append(machine()).append('\n');
        Path file = DIRECTORY.resolve(name + ".md");
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println(text);
        System.out.println("written to " + file);
        return file;
    }

    /** Nanoseconds as milliseconds with two decimals. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** The figures' context on a shared machine: cores, JVM, and how busy it was at the end. */
    private static String machine() {
        return String.format(
                Locale.ROOT,
                "nproc %d, %s %s (%s), load average %.2f at %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}

package io.github.xcluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory and CPU of a process as Linux accounts them: resident set now and at its peak ({@code
 * VmRSS}, {@code VmHWM} of /proc/PID/status) and user + system CPU time (/proc/PID/stat).
 */
public record ProcessUsage(long rssKib, long peakRssKib, double cpuSeconds) {
    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private static final int UTIME_AFTER_COMMAND = 11;
    private static final int STIME_AFTER_COMMAND = 12;

    public static ProcessUsage of(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] afterCommand =
                    stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(afterCommand[UTIME_AFTER_COMMAND])
                    + Long.parseLong(afterCommand[STIME_AFTER_COMMAND]);
            return new ProcessUsage(kib(status, "VmRSS:"), kib(status, "VmHWM:"), ticks / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (has the operator exited?)", e);
        }
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }

    private static long kib(List<String> status, String field) {
        return status.stream()
                .filter(line -> line.startsWith(field))
                .map(line ->
                        Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc/PID/status"));
    }
}

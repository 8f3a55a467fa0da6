package io.github.xcluster.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses plain or JSON log lines before the first logger exists, from {@code --log-format} or
 * {@code LOG_FORMAT}.
 */
public final class LogFormat {
    private static final String FLAG = "--log-format";

    private LogFormat() {}

    /** Applies the log format and answers the arguments without the log flag. */
    public static List<String> configureFrom(List<String> args, Map<String, String> env) {
        String format = env.getOrDefault("LOG_FORMAT", "plain");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(FLAG) && i + 1 < args.size()) {
                format = args.get(++i);
            } else if (arg.startsWith(FLAG + "=")) {
                format = arg.substring(FLAG.length() + 1);
            } else {
                rest.add(arg);
            }
        }
        switch (format) {
            case "json" -> System.setProperty("logback.configurationFile", "logback-json.xml");
            case "plain" -> {}
            default -> throw new UsageException("log format \"" + format + "\" is not known; use plain or json");
        }
        return rest;
    }
}

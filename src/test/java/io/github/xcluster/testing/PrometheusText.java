package io.github.xcluster.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Prometheus text exposition: which samples it has, and sums of one metric. */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");

    private PrometheusText() {}

    /** The metric's samples summed per value of {@code label} (samples without it count as "-"). */
    public static Map<String, Double> sumBy(String text, String metric, String label) {
        Map<String, Double> sums = new TreeMap<>();
        Pattern labelValue = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"");
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find() && sample.group(1).equals(metric)) {
                String labels = sample.group(3) == null ? "" : sample.group(3);
                Matcher value = labelValue.matcher(labels);
                sums.merge(value.find() ? value.group(1) : "-", Double.parseDouble(sample.group(4)), Double::sum);
            }
        }
        return sums;
    }

    /** The metric's samples summed over all their labels; 0 when it has none. */
    public static double sum(String text, String metric) {
        return sumBy(text, metric, "-").values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /** The names of every sample, e.g. {@code xcluster_metal_api_requests_seconds_count}. */
    public static Set<String> sampleNames(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }
}

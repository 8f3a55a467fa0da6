package io.github.xcluster.run;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code /readyz} says about the controllers: ready once they started and while every event
 * source of every controller is healthy (an informer: running, synced and watching). A lost watch,
 * e.g. of a deleted CRD, makes it name that controller and event source.
 */
final class Readiness {
    private final Operator operator;

    Readiness(Operator operator) {
        this.operator = operator;
    }

    /** Why the operator is not ready, or empty when it is. */
    Optional<String> problem() {
        RuntimeInfo runtime = operator.getRuntimeInfo();
        if (!runtime.isStarted()) {
            return Optional.of("controllers not started");
        }
        List<String> unhealthy = new TreeMap<>(runtime.unhealthyEventSources())
                .entrySet().stream()
                        .flatMap(controller -> new TreeSet<>(
                                        controller.getValue().keySet())
                                .stream().map(source -> controller.getKey() + "/" + source))
                        .toList();
        return unhealthy.isEmpty()
                ? Optional.empty()
                : Optional.of("unhealthy event sources: " + String.join(", ", unhealthy));
    }
}

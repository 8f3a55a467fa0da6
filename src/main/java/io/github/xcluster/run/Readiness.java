package io.github.xcluster.run;

import io.github.xcluster.metal.MetalApiConnection;
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
 *
 * <p>Missing or refused metal-api credentials leave the operator ready and are only named in the answer: the
 * webhooks must stay reachable behind their Service to deny with that reason, and OLM counts a Deployment without
 * ready pods as a failed install.
 */
final class Readiness {
    /** {@code /readyz}'s answer: 200 with {@code text} when ready, 503 otherwise. */
    record Report(boolean ready, String text) {}

    private final Operator operator;
    private final MetalApiConnection metal;

    Readiness(Operator operator, MetalApiConnection metal) {
        this.operator = operator;
        this.metal = metal;
    }

    Report report() {
        Optional<String> problem = controllerProblem();
        if (problem.isPresent()) {
            return new Report(false, "not ready: " + problem.get());
        }
        return new Report(true, metal.state().problem().map(why -> "ok; " + why).orElse("ok"));
    }

    private Optional<String> controllerProblem() {
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

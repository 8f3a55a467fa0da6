package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.github.xcluster.api.ResourceStatus;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Sets status conditions the Kubernetes way: the transition time moves only when the status flips. */
final class Conditions {
    static final String READY = "Ready";
    /** Cluster API's pause, reported by our Cluster API kinds. */
    static final String PAUSED = "Paused";

    private final Clock clock;

    Conditions(Clock clock) {
        this.clock = clock;
    }

    void set(ResourceStatus status, long generation, String type, boolean value, String reason, String message) {
        List<Condition> conditions = new ArrayList<>(status.getConditions());
        String statusText = value ? "True" : "False";
        Condition previous = conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
        String transitionTime = previous != null && statusText.equals(previous.getStatus())
                ? previous.getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        Condition condition = new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transitionTime)
                .build();
        if (previous == null) {
            conditions.add(condition);
        } else {
            conditions.set(conditions.indexOf(previous), condition);
        }
        status.setConditions(conditions);
        status.setObservedGeneration(generation);
    }

    /** Reports the Paused condition; true means hands off, deletion included. */
    boolean setPaused(ResourceStatus status, long generation, boolean paused) {
        set(
                status,
                generation,
                PAUSED,
                paused,
                paused ? "Paused" : "NotPaused",
                paused ? "the Cluster or this object is paused; the operator keeps its hands off" : "");
        return paused;
    }

    /** A failed step: not ready, with the failure's reason and message (never a stack trace) in Ready. */
    void notReady(ResourceStatus status, long generation, Exception e) {
        status.setReady(false);
        set(status, generation, READY, false, StatusMessages.reason(e), StatusMessages.of(e));
    }

    /** The reason of the condition of {@code type}; null without a status or such a condition. */
    static String reasonOf(ResourceStatus status, String type) {
        if (status == null) {
            return null;
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .map(Condition::getReason)
                .findFirst()
                .orElse(null);
    }

    static boolean isTrue(ResourceStatus status, String type) {
        return status.getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.metal.MetalApiChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process last found out from metal-api about each object: an XCluster's private network, an XFirewall's
 * spec checked. An object in progress is reconciled again at every status change of what it owns or waits for; it
 * need not ask metal-api the same question each time. A finding holds for {@link #TRUST} and for one generation of
 * the object's spec; a restart asks metal-api again.
 */
final class TrustedFindings<T> {
    static final Duration TRUST = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Finding<T>> byObject = new ConcurrentHashMap<>();

    TrustedFindings(Clock clock) {
        this.clock = clock;
    }

    /** What was found for this generation of the object within the last {@link #TRUST}. */
    Optional<T> recent(HasMetadata object) {
        Finding<T> finding = byObject.get(object.getMetadata().getUid());
        if (finding == null
                || finding.generation != object.getMetadata().getGeneration()
                || Duration.between(finding.at, clock.instant()).compareTo(TRUST) >= 0) {
            return Optional.empty();
        }
        return Optional.of(finding.value);
    }

    void found(HasMetadata object, T value) {
        byObject.put(
                object.getMetadata().getUid(),
                new Finding<>(value, object.getMetadata().getGeneration(), clock.instant()));
    }

    void forget(HasMetadata object) {
        byObject.remove(object.getMetadata().getUid());
    }

    /**
     * Forgets every finding whenever metal-api's credentials change: other credentials may see metal-api otherwise.
     *
     * @return this
     */
    TrustedFindings<T> forgettingOn(MetalApiChanges changes) {
        changes.whenChanged(byObject::clear);
        return this;
    }

    private record Finding<T>(T value, long generation, Instant at) {}
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes events on our resources, so {@code kubectl describe} tells their story. As
 * Kubernetes' own recorder does, a repeat (same object, type, reason and message) bumps {@code count}
 * and {@code lastTimestamp} of one Event, named after what it says, instead of adding one per retry.
 */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "xcluster-operator";
    /** Counts of recent events, so a repeat is one patch; a forgotten one costs a create and a read. */
    private static final int REMEMBERED_EVENTS = 4096;

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Integer> counts = Collections.synchronizedMap(new RecentCounts());

    EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void normal(HasMetadata resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        Event event = event(resource, type, reason, message);
        String key =
                event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
        try {
            counts.put(key, recordOrBump(event, counts.get(key)));
        } catch (KubernetesClientException e) {
            counts.remove(key);
            // an event is a courtesy; losing one must not fail the reconciliation that caused it
            LOG.warn(
                    "cannot record event reason={} on {}/{}: {}",
                    reason,
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    e.getMessage());
        }
    }

    /** The event's count after recording it; {@code known} is the count this recorder last wrote, if any. */
    private int recordOrBump(Event event, Integer known) {
        Resource<Event> stored = client.v1()
                .events()
                .inNamespace(event.getMetadata().getNamespace())
                .resource(event);
        if (known != null) {
            try {
                return bump(stored, known, event.getLastTimestamp());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        try {
            stored.create();
            return 1;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Event recorded = stored.get();
            int earlier = recorded == null || recorded.getCount() == null ? 0 : recorded.getCount();
            return bump(stored, earlier, event.getLastTimestamp());
        }
    }

    private int bump(Resource<Event> stored, int earlier, String now) {
        int count = earlier + 1;
        Event change =
                new EventBuilder().withCount(count).withLastTimestamp(now).build();
        stored.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(change));
        return count;
    }

    private Event event(HasMetadata resource, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "." + digest(resource, type, reason, message))
                .withNamespace(resource.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(resource.getMetadata().getName())
                        .withNamespace(resource.getMetadata().getNamespace())
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build();
    }

    /** 16 hex digits of SHA-256 over what makes two events the same one. */
    private static String digest(HasMetadata resource, String type, String reason, String message) {
        String identity = String.join("\n", resource.getMetadata().getUid(), type, reason, message);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Least recently recorded first, and at most {@link #REMEMBERED_EVENTS} of them. */
    private static final class RecentCounts extends LinkedHashMap<String, Integer> {
        RecentCounts() {
            super(64, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    }
}

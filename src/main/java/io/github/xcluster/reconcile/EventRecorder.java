package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes events on our resources, so {@code kubectl describe} tells their story. */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "xcluster-operator";

    private final KubernetesClient client;
    private final Clock clock;

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
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 8))
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
        try {
            client.v1()
                    .events()
                    .inNamespace(resource.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            // an event is a courtesy; losing one must not fail the reconciliation that caused it
            LOG.warn(
                    "cannot record event reason={} on {}/{}: {}",
                    reason,
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    e.getMessage());
        }
    }
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.metal.MetalApiChanges;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;

/**
 * An event for each of a controller's resources when metal-api's credentials change: what failed without them, or
 * with wrong ones, is reconciled again at once rather than after its backoff of up to a minute. A controller that
 * has not started yet (or a replica that does not lead) reconciles everything when it starts anyway.
 */
final class CredentialChangeEvents {
    /** How often an object waits for usable credentials before it is looked at again anyway. */
    static final Duration RECHECK = Duration.ofMinutes(1);

    private CredentialChangeEvents() {}

    static <P extends HasMetadata> EventSource<Void, P> of(EventSourceContext<P> context, MetalApiChanges changes) {
        SimpleInboundEventSource<P> source = new SimpleInboundEventSource<>("metal-api-credentials");
        changes.whenChanged(() -> {
            if (source.isRunning()) {
                context.getPrimaryCache()
                        .list()
                        .forEach(resource -> source.propagateEvent(ResourceID.fromResource(resource)));
            }
        });
        return source;
    }
}

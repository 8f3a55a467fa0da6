package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.tenancy.ProjectGrant;
import io.github.xcluster.tenancy.ProjectGrants;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.tenancy.TenantMetalApis;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The controllers' side of tenancy: nothing is asked of or allocated in metal-api for an object whose project its
 * namespace may not use, and what is asked is asked with the credentials of the object's binding. The webhook
 * refuses unbound objects at admission; this catches a binding removed later, and objects admitted while the webhook
 * was off. What the object holds already stays until it is deleted.
 */
final class ControllerTenancy {
    static final String NOT_BOUND = "ProjectNotBound";

    private final TenantMetalApis tenants;
    private final ProjectGrants grants;

    ControllerTenancy(TenantMetalApis tenants) {
        this.tenants = tenants;
        this.grants = tenants.grants();
    }

    /**
     * The metal-api to act in for an object of a project.
     *
     * @throws io.github.xcluster.metal.MetalApiException.NotConfigured when its binding's Secret cannot be used
     */
    MetalApi metal(HasMetadata object, String projectId) {
        return tenants.forProject(object.getMetadata().getNamespace(), projectId);
    }

    /** @return why the object may not use the project; empty when it may, or names none */
    Optional<String> refusal(HasMetadata object, String projectId) {
        if (projectId == null) {
            return Optional.empty();
        }
        String namespace = object.getMetadata().getNamespace();
        ProjectGrant grant = grants.grant(namespace, projectId);
        return grant.granted()
                ? Optional.empty()
                : Optional.of(TenantChecks.notBound(namespace, projectId, grant.boundToNamespace()));
    }

    /**
     * An event for each of the controller's objects in a namespace whose grants or credentials changed, so that they
     * act at once.
     */
    <P extends HasMetadata> EventSource<Void, P> changes(EventSourceContext<P> context) {
        SimpleInboundEventSource<P> source = new SimpleInboundEventSource<>("project-bindings");
        Consumer<Collection<String>> reconcileIn = namespaces -> {
            if (source.isRunning()) {
                namespaces.forEach(namespace -> context.getPrimaryCache()
                        .list(namespace)
                        .forEach(resource -> source.propagateEvent(ResourceID.fromResource(resource))));
            }
        };
        grants.whenChanged(reconcileIn);
        tenants.whenChanged(reconcileIn);
        return source;
    }
}

package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XClusterStatus;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.metal.NetworkQuery;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an XCluster its private network (its own, found again by a label with its UID, or the one
 * it names) and an owned XFirewall; on deletion removes the firewall first, then frees only a
 * network it allocated.
 */
@ControllerConfiguration(name = "xcluster", finalizerName = XCluster.FINALIZER)
public final class XClusterReconciler implements Reconciler<XCluster>, Cleaner<XCluster> {
    static final String NETWORK_READY = "NetworkReady";
    static final String FIREWALL_READY = "FirewallReady";
    /** A named network that is wrong is looked at again this often; someone may fix it in metal-api. */
    static final Duration INVALID_NETWORK_RECHECK = Duration.ofMinutes(1);
    /**
     * metal-api gives back a freed firewall's addresses asynchronously, so a network refused as in use
     * right after is normal; still in use after this long, something else holds it.
     */
    static final Duration NETWORK_RELEASE_PATIENCE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(XClusterReconciler.class);

    private final MetalApi metal;
    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;

    XClusterReconciler(
            MetalApi metal,
            MetalApiChanges changes,
            SpecRules rules,
            EventRecorder events,
            Conditions conditions,
            Delays delays) {
        this.metal = metal;
        this.changes = changes;
        this.rules = rules;
        this.events = events;
        this.conditions = conditions;
        this.delays = delays;
    }

    @Override
    public List<EventSource<?, XCluster>> prepareEventSources(EventSourceContext<XCluster> context) {
        return List.of(
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(XFirewall.class, XCluster.class)
                                .withName("xfirewalls")
                                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(XCluster.class))
                                .build(),
                        context),
                CredentialChangeEvents.of(context, changes));
    }

    @Override
    public UpdateControl<XCluster> reconcile(XCluster cluster, Context<XCluster> context) {
        try {
            return converge(cluster, context);
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(cluster, credentials);
            return UpdateControl.patchStatus(cluster).rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
    }

    private UpdateControl<XCluster> converge(XCluster cluster, Context<XCluster> context) {
        XClusterStatus status = statusOf(cluster);
        long generation = cluster.getMetadata().getGeneration();
        Optional<Network> network = ensureNetwork(cluster, status, generation);
        if (network.isEmpty()) {
            status.setReady(false);
            conditions.set(
                    status,
                    generation,
                    Conditions.READY,
                    false,
                    "NetworkInvalid",
                    "the private network cannot be used");
            return UpdateControl.patchStatus(cluster).rescheduleAfter(INVALID_NETWORK_RECHECK);
        }
        status.setPrivateNetworkID(network.get().id());
        conditions.set(
                status,
                generation,
                NETWORK_READY,
                true,
                "NetworkReady",
                "private network " + network.get().id() + " " + network.get().prefixes());

        XFirewall firewall = ensureFirewall(cluster, network.get().id(), context);
        boolean firewallReady =
                firewall.getStatus() != null && firewall.getStatus().isReady();
        conditions.set(
                status,
                generation,
                FIREWALL_READY,
                firewallReady,
                firewallReady ? "FirewallReady" : "FirewallProvisioning",
                firewallReady ? "XFirewall " + name(firewall) + " is ready" : firewallProgress(firewall));
        boolean wasReady = status.isReady();
        status.setReady(firewallReady);
        conditions.set(
                status,
                generation,
                Conditions.READY,
                firewallReady,
                firewallReady ? "ClusterReady" : "FirewallProvisioning",
                firewallReady ? "network and firewall are ready" : "waiting for XFirewall " + name(firewall));
        if (firewallReady && !wasReady) {
            events.normal(cluster, "ClusterReady", "network " + network.get().id() + " and firewall are ready");
            LOG.info(
                    "cluster ready namespace={} name={} network={}",
                    namespace(cluster),
                    name(cluster),
                    network.get().id());
        }
        return UpdateControl.patchStatus(cluster);
    }

    /**
     * The cluster's private network: the one it names, once the shared rules accept it, or the one it allocated
     * earlier (found by its label), or a new one. Empty when the spec is refused; the conditions say why in the
     * webhook's words.
     */
    private Optional<Network> ensureNetwork(XCluster cluster, XClusterStatus status, long generation) {
        XClusterSpec spec = cluster.getSpec();
        Verdict verdict = rules.checkForReconcile(spec);
        if (!verdict.allowed()) {
            conditions.set(status, generation, NETWORK_READY, false, "NetworkInvalid", verdict.message());
            events.warning(cluster, "NetworkInvalid", verdict.message());
            return Optional.empty();
        }
        if (spec.getPrivateNetworkID() != null) {
            return rules.lookups().network(spec.getPrivateNetworkID());
        }
        List<Network> mine = metal.findNetworks(
                new NetworkQuery(spec.getProjectID(), spec.getPartition(), OwnerMarks.networkLabels(cluster)));
        if (!mine.isEmpty()) {
            return Optional.of(mine.get(0));
        }
        Network allocated = metal.allocateNetwork(new NetworkAllocationRequest(
                spec.getProjectID(),
                spec.getPartition(),
                name(cluster),
                "xcluster " + namespace(cluster) + "/" + name(cluster),
                OwnerMarks.networkLabels(cluster)));
        events.normal(
                cluster,
                "NetworkAllocated",
                "allocated private network " + allocated.id() + " " + allocated.prefixes());
        LOG.info(
                "network allocated namespace={} name={} network={}", namespace(cluster), name(cluster), allocated.id());
        return Optional.of(allocated);
    }

    private XFirewall ensureFirewall(XCluster cluster, String networkId, Context<XCluster> context) {
        Optional<XFirewall> cached = context.getSecondaryResource(XFirewall.class);
        if (cached.isPresent()) {
            return cached.get();
        }
        KubernetesClient client = context.getClient();
        XFirewall live = firewalls(client, cluster).get();
        if (live != null) {
            return live;
        }
        try {
            XFirewall created =
                    client.resource(FirewallTemplate.render(cluster, networkId)).create();
            events.normal(cluster, "FirewallCreated", "created XFirewall " + name(created));
            LOG.info("xfirewall created namespace={} name={}", namespace(cluster), name(created));
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return firewalls(client, cluster).require();
            }
            throw e;
        }
    }

    private static String firewallProgress(XFirewall firewall) {
        if (firewall.getStatus() == null || firewall.getStatus().getConditions().isEmpty()) {
            return "XFirewall " + name(firewall) + " is being allocated";
        }
        return firewall.getStatus().getConditions().stream()
                .filter(c -> Conditions.READY.equals(c.getType()))
                .map(c -> "XFirewall " + name(firewall) + ": " + c.getMessage())
                .findFirst()
                .orElse("XFirewall " + name(firewall) + " is being allocated");
    }

    @Override
    public DeleteControl cleanup(XCluster cluster, Context<XCluster> context) {
        try {
            return release(cluster, context.getClient());
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(cluster, credentials);
            CleanupStatus.patch(context.getClient(), cluster);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CredentialChangeEvents.RECHECK.toMillis());
        }
    }

    private DeleteControl release(XCluster cluster, KubernetesClient client) {
        XFirewall firewall = firewalls(client, cluster).get();
        if (firewall != null && FirewallTemplate.isOwnedBy(firewall, cluster)) {
            if (firewall.getMetadata().getDeletionTimestamp() == null) {
                client.resource(firewall).delete();
                events.normal(cluster, "FirewallDeleting", "deleting XFirewall " + name(firewall));
            }
            return DeleteControl.noFinalizerRemoval()
                    .rescheduleAfter(delays.since(deletionTime(cluster)).toMillis());
        }
        if (cluster.getSpec().getPrivateNetworkID() == null
                || cluster.getSpec().getPrivateNetworkID().isBlank()) {
            for (Network network : metal.findNetworks(new NetworkQuery(
                    cluster.getSpec().getProjectID(),
                    cluster.getSpec().getPartition(),
                    OwnerMarks.networkLabels(cluster)))) {
                try {
                    metal.freeNetwork(network.id());
                    events.normal(cluster, "NetworkFreed", "freed private network " + network.id());
                    LOG.info(
                            "network freed namespace={} name={} network={}",
                            namespace(cluster),
                            name(cluster),
                            network.id());
                } catch (MetalApiException.NotFound alreadyGone) {
                    LOG.info("network already gone network={}", network.id());
                } catch (MetalApiException.Rejected inUse) {
                    reportNetworkInUse(client, cluster, inUse);
                    return DeleteControl.noFinalizerRemoval()
                            .rescheduleAfter(delays.since(deletionTime(cluster)).toMillis());
                }
            }
        }
        return DeleteControl.defaultDelete();
    }

    private void reportNetworkInUse(KubernetesClient client, XCluster cluster, MetalApiException.Rejected inUse) {
        XClusterStatus status = statusOf(cluster);
        long generation = cluster.getMetadata().getGeneration();
        status.setReady(false);
        conditions.set(status, generation, NETWORK_READY, false, "NetworkInUse", inUse.getMessage());
        conditions.set(
                status,
                generation,
                Conditions.READY,
                false,
                "Deleting",
                "waiting for the private network to be released");
        if (delays.overdue(deletionTime(cluster), NETWORK_RELEASE_PATIENCE)) {
            events.warning(cluster, "NetworkInUse", inUse.getMessage());
        } else {
            events.normal(cluster, "NetworkInUse", inUse.getMessage());
        }
        CleanupStatus.patch(client, cluster);
    }

    @Override
    public ErrorStatusUpdateControl<XCluster> updateErrorStatus(
            XCluster cluster, Context<XCluster> context, Exception e) {
        markNotReady(cluster, e);
        return ErrorStatusUpdateControl.patchStatus(cluster);
    }

    private void markNotReady(XCluster cluster, Exception e) {
        conditions.notReady(statusOf(cluster), cluster.getMetadata().getGeneration(), e);
        events.warning(cluster, StatusMessages.reason(e), StatusMessages.of(e));
    }

    private static io.fabric8.kubernetes.client.dsl.Resource<XFirewall> firewalls(
            KubernetesClient client, XCluster cluster) {
        return client.resources(XFirewall.class).inNamespace(namespace(cluster)).withName(name(cluster));
    }

    private static Instant deletionTime(XCluster cluster) {
        String timestamp = cluster.getMetadata().getDeletionTimestamp();
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    private static XClusterStatus statusOf(XCluster cluster) {
        if (cluster.getStatus() == null) {
            cluster.setStatus(new XClusterStatus());
        }
        return cluster.getStatus();
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    private static String namespace(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }
}

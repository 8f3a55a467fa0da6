package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.capi.ApiEndpoint;
import io.github.xcluster.api.capi.Initialization;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterSpec;
import io.github.xcluster.api.capi.MetalStackClusterStatus;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.NameReference;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.IpAllocationRequest;
import io.github.xcluster.metal.IpQuery;
import io.github.xcluster.metal.MachineQuery;
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
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Cluster API cluster its metal-stack infrastructure: a node network (its own, or the one it names) and the
 * control-plane endpoint on an address of its own (static, so replacing control-plane machines keeps it) or the
 * one it names, and the firewall of the MetalStackFirewallDeployment it names. Every allocation is preceded by a lookup for the cluster's mark ({@link ClusterMarks}); deletion
 * waits for the cluster's machines, then deletes the firewall deployment and waits for it, then frees the address,
 * then the network, and only what carries the mark.
 */
@ControllerConfiguration(name = "metalstackcluster", finalizerName = MetalStackCluster.FINALIZER)
public final class MetalStackClusterReconciler implements Reconciler<MetalStackCluster>, Cleaner<MetalStackCluster> {
    static final String NETWORK_READY = "ClusterNodeNetworkEnsured";
    static final String ENDPOINT_READY = "ControlPlaneEndpointEnsured";
    /** As metal-stack's provider names it. */
    static final String FIREWALL_READY = "ClusterFirewallDeploymentEnsured";

    static final int API_SERVER_PORT = 443;
    /**
     * Core's owner reference changes no generation, and java-operator-sdk passes on only changes that do; so while
     * it is missing, this looks again (no metal-api call).
     */
    static final Duration OWNER_RECHECK = Duration.ofSeconds(2);
    /** A named network or address that is wrong is looked at again this often; someone may fix it. */
    static final Duration INVALID_RECHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(MetalStackClusterReconciler.class);

    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;
    private final ControllerTenancy tenancy;

    MetalStackClusterReconciler(
            MetalApiChanges changes,
            SpecRules rules,
            EventRecorder events,
            Conditions conditions,
            Delays delays,
            ControllerTenancy tenancy) {
        this.changes = changes;
        this.rules = rules;
        this.events = events;
        this.conditions = conditions;
        this.delays = delays;
        this.tenancy = tenancy;
    }

    @Override
    public List<EventSource<?, MetalStackCluster>> prepareEventSources(EventSourceContext<MetalStackCluster> context) {
        return List.of(
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(ClusterApiObjects.CLUSTER, MetalStackCluster.class)
                                .withName("clusters")
                                .withOnUpdateFilter(ClusterApiObjects::pauseOrInfrastructureChanged)
                                .withSecondaryToPrimaryMapper(cluster -> ClusterApiObjects.infrastructureRefName(
                                                cluster, "MetalStackCluster")
                                        .map(name -> Set.of(new ResourceID(
                                                name, cluster.getMetadata().getNamespace())))
                                        .orElse(Set.of()))
                                .build(),
                        context),
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        MetalStackFirewallDeployment.class, MetalStackCluster.class)
                                .withName("firewalldeployments")
                                .withSecondaryToPrimaryMapper(deployment -> context.getPrimaryCache()
                                        .list(deployment.getMetadata().getNamespace())
                                        .filter(cluster -> firewallDeploymentName(cluster)
                                                .map(deployment.getMetadata().getName()::equals)
                                                .orElse(false))
                                        .map(ResourceID::fromResource)
                                        .collect(Collectors.toSet()))
                                .build(),
                        context),
                CredentialChangeEvents.of(context, changes),
                tenancy.changes(context));
    }

    @Override
    public UpdateControl<MetalStackCluster> reconcile(MetalStackCluster cluster, Context<MetalStackCluster> context) {
        UpdateControl<MetalStackCluster> control;
        try {
            control = converge(cluster, context.getClient());
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(cluster, credentials);
            control = UpdateControl.patchStatus(cluster).rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
        return StatusWrite.merging(context.getClient(), cluster, control);
    }

    private UpdateControl<MetalStackCluster> converge(MetalStackCluster cluster, KubernetesClient client) {
        MetalStackClusterStatus status = statusOf(cluster);
        long generation = cluster.getMetadata().getGeneration();
        Optional<GenericKubernetesResource> owner = new ClusterApiObjects(client).owningCluster(cluster);
        if (owner.isEmpty()) {
            conditions.set(
                    status,
                    generation,
                    Conditions.READY,
                    false,
                    "WaitingForClusterOwner",
                    "waiting for Cluster API to make a Cluster the owner of this MetalStackCluster");
            return UpdateControl.patchStatus(cluster).rescheduleAfter(OWNER_RECHECK);
        }
        if (conditions.setPaused(status, generation, ClusterApiObjects.isPaused(owner.get(), cluster))) {
            return UpdateControl.patchStatus(cluster);
        }
        Optional<String> unbound = tenancy.refusal(cluster, cluster.getSpec().getProjectID());
        if (unbound.isPresent()) {
            events.warning(cluster, ControllerTenancy.NOT_BOUND, unbound.get());
            return notReady(cluster, status, generation, ControllerTenancy.NOT_BOUND, unbound.get());
        }
        Verdict verdict = rules.checkForReconcile(cluster.getSpec());
        if (!verdict.allowed()) {
            events.warning(cluster, "InvalidSpec", verdict.message());
            return notReady(cluster, status, generation, "InvalidSpec", verdict.message());
        }
        String clusterId = ensureClusterId(cluster, client);

        Optional<String> networkId = ensureNetwork(cluster, clusterId, status, generation);
        if (networkId.isEmpty()) {
            return notReady(cluster, status, generation, "NodeNetworkInvalid", "the node network cannot be used");
        }
        Optional<String> host = ensureEndpointHost(cluster, clusterId, status, generation);
        if (host.isEmpty()) {
            return notReady(
                    cluster, status, generation, "ControlPlaneIPInvalid", "the control-plane address cannot be used");
        }
        ApiEndpoint endpoint = cluster.getSpec().getControlPlaneEndpoint();
        if (endpoint == null || !endpoint.isSet()) {
            setEndpoint(cluster, client, new ApiEndpoint(host.get(), API_SERVER_PORT));
        }
        conditions.set(
                status,
                generation,
                ENDPOINT_READY,
                true,
                "EndpointSet",
                "control plane at "
                        + cluster.getSpec().getControlPlaneEndpoint().getHost() + ":"
                        + cluster.getSpec().getControlPlaneEndpoint().getPort());

        Optional<String> firewallWaits = ensureFirewall(cluster, client, owner.get(), status, generation);
        if (firewallWaits.isPresent()) {
            status.setReady(false);
            conditions.set(status, generation, Conditions.READY, false, "FirewallProvisioning", firewallWaits.get());
            return UpdateControl.patchStatus(cluster);
        }

        boolean wasReady = status.isReady();
        status.setReady(true);
        Initialization initialization = new Initialization();
        initialization.setProvisioned(true);
        status.setInitialization(initialization);
        conditions.set(
                status,
                generation,
                Conditions.READY,
                true,
                "InfrastructureReady",
                firewallDeploymentName(cluster).isPresent()
                        ? "node network, endpoint and firewall are ready"
                        : "node network and endpoint are ready");
        if (!wasReady) {
            events.normal(
                    cluster,
                    "InfrastructureReady",
                    "node network " + networkId.get() + ", control plane at " + host.get());
            LOG.info(
                    "cluster infrastructure ready namespace={} name={} network={} endpoint={}",
                    namespace(cluster),
                    name(cluster),
                    networkId.get(),
                    host.get());
        }
        return UpdateControl.patchStatus(cluster);
    }

    static Optional<String> firewallDeploymentName(MetalStackCluster cluster) {
        return Optional.ofNullable(cluster.getSpec().getFirewallDeploymentRef()).map(NameReference::getName);
    }

    /**
     * Makes the deployment the spec names the cluster's (owner reference and cluster label, so that its reconciler
     * finds the cluster and {@code clusterctl move} takes it along) and reports its firewall. Empty once the firewall
     * is ready or none is asked for; else what the cluster waits for.
     */
    private Optional<String> ensureFirewall(
            MetalStackCluster cluster,
            KubernetesClient client,
            GenericKubernetesResource owner,
            MetalStackClusterStatus status,
            long generation) {
        Optional<String> name = firewallDeploymentName(cluster);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Resource<MetalStackFirewallDeployment> resource = client.resources(MetalStackFirewallDeployment.class)
                .inNamespace(namespace(cluster))
                .withName(name.get());
        MetalStackFirewallDeployment deployment = resource.get();
        String why;
        if (deployment == null) {
            why = "MetalStackFirewallDeployment " + name.get() + " (spec.firewallDeploymentRef.name) does not exist in"
                    + " namespace " + namespace(cluster);
        } else {
            String uid = cluster.getMetadata().getUid();
            String clusterName = owner.getMetadata().getName();
            boolean owned = deployment.getMetadata().getOwnerReferences().stream()
                    .anyMatch(reference -> uid.equals(reference.getUid()));
            if (!owned
                    || !clusterName.equals(
                            ClusterApiObjects.clusterName(deployment).orElse(null))) {
                resource.edit(live -> {
                    if (live.getMetadata().getOwnerReferences().stream()
                            .noneMatch(reference -> uid.equals(reference.getUid()))) {
                        live.getMetadata()
                                .getOwnerReferences()
                                .add(MetalStackFirewallDeploymentReconciler.ownerReference(cluster));
                    }
                    live.getMetadata().getLabels().put(ClusterApiObjects.CLUSTER_NAME_LABEL, clusterName);
                    return live;
                });
            }
            why = notReadyReason(deployment);
        }
        conditions.set(
                status,
                generation,
                FIREWALL_READY,
                why == null,
                why == null ? "FirewallReady" : "FirewallNotReady",
                why == null ? "firewall " + deployment.getStatus().getActiveFirewall() + " is ready" : why);
        return Optional.ofNullable(why);
    }

    /** Why the deployment's firewall is not ready yet, or null once it is. */
    private static String notReadyReason(MetalStackFirewallDeployment deployment) {
        String kindAndName =
                "MetalStackFirewallDeployment " + deployment.getMetadata().getName();
        if (deployment.getStatus() == null) {
            return kindAndName + " has no status yet";
        }
        if (deployment.getStatus().isReady()) {
            return null;
        }
        return kindAndName + ": "
                + deployment.getStatus().getConditions().stream()
                        .filter(condition -> Conditions.READY.equals(condition.getType()))
                        .map(condition -> condition.getMessage())
                        .findFirst()
                        .orElse("its firewall is being allocated");
    }

    /** The cluster's id, written before anything is allocated under it, so every mark below is the same one. */
    private String ensureClusterId(MetalStackCluster cluster, KubernetesClient client) {
        Optional<String> id = ClusterMarks.clusterId(cluster);
        if (id.isPresent()) {
            return id.get();
        }
        String uid = cluster.getMetadata().getUid();
        MetalStackCluster edited = resource(client, cluster).edit(live -> {
            Map<String, String> annotations = live.getMetadata().getAnnotations() == null
                    ? new HashMap<>()
                    : new HashMap<>(live.getMetadata().getAnnotations());
            annotations.putIfAbsent(ClusterMarks.CLUSTER_ID_ANNOTATION, uid);
            live.getMetadata().setAnnotations(annotations);
            return live;
        });
        cluster.getMetadata().setAnnotations(edited.getMetadata().getAnnotations());
        cluster.getMetadata().setResourceVersion(edited.getMetadata().getResourceVersion());
        return ClusterMarks.clusterId(cluster).orElseThrow();
    }

    private Optional<String> ensureNetwork(
            MetalStackCluster cluster, String clusterId, MetalStackClusterStatus status, long generation) {
        MetalStackClusterSpec spec = cluster.getSpec();
        if (spec.getNodeNetworkID() != null) {
            Optional<Network> given = rules.lookups().network(spec.getNodeNetworkID());
            if (given.isEmpty()) {
                return Optional.empty();
            }
            return networkReady(status, generation, given.get(), "the cluster's own network");
        }
        MetalApi metal = tenancy.metal(cluster, spec.getProjectID());
        List<Network> mine = metal.findNetworks(
                new NetworkQuery(spec.getProjectID(), spec.getPartition(), ClusterMarks.networkLabels(clusterId)));
        if (!mine.isEmpty()) {
            return networkReady(status, generation, mine.get(0), "allocated by the operator");
        }
        Network allocated = metal.allocateNetwork(new NetworkAllocationRequest(
                spec.getProjectID(),
                spec.getPartition(),
                name(cluster),
                "node network of Cluster API cluster " + namespace(cluster) + "/" + name(cluster),
                ClusterMarks.networkLabels(clusterId)));
        events.normal(
                cluster, "NetworkAllocated", "allocated node network " + allocated.id() + " " + allocated.prefixes());
        LOG.info(
                "node network allocated namespace={} name={} network={}",
                namespace(cluster),
                name(cluster),
                allocated.id());
        return networkReady(status, generation, allocated, "allocated by the operator");
    }

    private Optional<String> networkReady(
            MetalStackClusterStatus status, long generation, Network network, String origin) {
        status.setNodeNetworkID(network.id());
        conditions.set(
                status,
                generation,
                NETWORK_READY,
                true,
                "NetworkReady",
                "node network " + network.id() + " " + network.prefixes() + ", " + origin);
        return Optional.of(network.id());
    }

    /**
     * The endpoint's host: the one the spec names, else the given controlPlaneIP once metal-api knows it, else the
     * address allocated for the cluster earlier (found by its tags), else a new static one in the partition's
     * default network.
     */
    private Optional<String> ensureEndpointHost(
            MetalStackCluster cluster, String clusterId, MetalStackClusterStatus status, long generation) {
        MetalStackClusterSpec spec = cluster.getSpec();
        Optional<String> endpointHost = Optional.ofNullable(spec.getControlPlaneEndpoint())
                .filter(ApiEndpoint::isSet)
                .map(ApiEndpoint::getHost);
        if (spec.getControlPlaneIP() != null) {
            status.setControlPlaneIP(spec.getControlPlaneIP());
            return endpointHost.or(() -> Optional.of(spec.getControlPlaneIP()));
        }
        if (endpointHost.isPresent() && status.getControlPlaneIP() != null) {
            return endpointHost;
        }
        // The endpoint is set right after the address is allocated, and the status written after that: a restart in
        // between leaves an endpoint without the address that control-plane machines must be allocated with.
        MetalApi metal = tenancy.metal(cluster, spec.getProjectID());
        List<IpAddress> mine =
                metal.findIps(new IpQuery(spec.getProjectID(), null, ClusterMarks.controlPlaneIpTags(clusterId)));
        if (!mine.isEmpty()) {
            status.setControlPlaneIP(mine.get(0).address());
            return endpointHost.or(() -> Optional.of(mine.get(0).address()));
        }
        if (endpointHost.isPresent()) {
            return endpointHost;
        }
        Optional<Network> defaultNetwork = rules.metalStackCluster().defaultExternalNetwork(spec.getPartition());
        if (defaultNetwork.isEmpty()) {
            return Optional.empty();
        }
        IpAddress allocated = metal.allocateIp(new IpAllocationRequest(
                defaultNetwork.get().id(),
                spec.getProjectID(),
                IpAddress.Type.STATIC,
                name(cluster) + "-control-plane",
                "control plane of Cluster API cluster " + namespace(cluster) + "/" + name(cluster),
                ClusterMarks.controlPlaneIpTags(clusterId),
                null));
        events.normal(cluster, "ControlPlaneIPAllocated", "allocated control-plane address " + allocated.address());
        LOG.info(
                "control-plane ip allocated namespace={} name={} ip={}",
                namespace(cluster),
                name(cluster),
                allocated.address());
        status.setControlPlaneIP(allocated.address());
        return Optional.of(allocated.address());
    }

    private static void setEndpoint(MetalStackCluster cluster, KubernetesClient client, ApiEndpoint endpoint) {
        MetalStackCluster edited = resource(client, cluster).edit(live -> {
            live.getSpec().setControlPlaneEndpoint(endpoint);
            return live;
        });
        cluster.getSpec().setControlPlaneEndpoint(edited.getSpec().getControlPlaneEndpoint());
        cluster.getMetadata().setResourceVersion(edited.getMetadata().getResourceVersion());
    }

    private UpdateControl<MetalStackCluster> notReady(
            MetalStackCluster cluster, MetalStackClusterStatus status, long generation, String reason, String message) {
        status.setReady(false);
        conditions.set(status, generation, Conditions.READY, false, reason, message);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(INVALID_RECHECK);
    }

    @Override
    public DeleteControl cleanup(MetalStackCluster cluster, Context<MetalStackCluster> context) {
        return CleanupStatus.reported(
                context.getClient(), cluster, this::markNotReady, () -> release(cluster, context.getClient()));
    }

    /** Machines first (they hold addresses of the network), then the control-plane address, then the network. */
    private DeleteControl release(MetalStackCluster cluster, KubernetesClient client) {
        Optional<GenericKubernetesResource> owner = new ClusterApiObjects(client).owningCluster(cluster);
        boolean paused = owner.map(c -> ClusterApiObjects.isPaused(c, cluster))
                .orElse(ClusterApiObjects.hasPausedAnnotation(cluster));
        Optional<String> clusterId = ClusterMarks.clusterId(cluster);
        if (paused || clusterId.isEmpty()) {
            if (paused) {
                conditions.setPaused(statusOf(cluster), cluster.getMetadata().getGeneration(), true);
                CleanupStatus.patch(client, cluster);
                return DeleteControl.noFinalizerRemoval();
            }
            return DeleteControl.defaultDelete();
        }
        MetalStackClusterSpec spec = cluster.getSpec();
        MetalApi metal = tenancy.metal(cluster, spec.getProjectID());
        boolean orphan = DeletionPolicy.of(cluster) == DeletionPolicy.ORPHAN;
        long machinesLeft = client.resources(MetalStackMachine.class)
                        .inNamespace(namespace(cluster))
                        .withLabel(
                                ClusterApiObjects.CLUSTER_NAME_LABEL,
                                owner.map(c -> c.getMetadata().getName()).orElse(name(cluster)))
                        .list()
                        .getItems()
                        .size()
                + (orphan
                        ? 0
                        : metal
                                .findMachines(new MachineQuery(
                                        spec.getProjectID(),
                                        spec.getPartition(),
                                        null,
                                        List.of(ClusterMarks.clusterTag(clusterId.get()))))
                                .stream()
                                .filter(machine -> !MetalStackFirewallDeploymentReconciler.isFirewall(machine))
                                .count());
        if (machinesLeft > 0) {
            return waitForRelease(
                    cluster, client, "waiting for " + machinesLeft + " machines of the cluster to be freed");
        }
        Optional<String> firewall = firewallDeploymentName(cluster);
        if (firewall.isPresent()) {
            Resource<MetalStackFirewallDeployment> deployment = client.resources(MetalStackFirewallDeployment.class)
                    .inNamespace(namespace(cluster))
                    .withName(firewall.get());
            MetalStackFirewallDeployment live = deployment.get();
            if (live != null) {
                if (live.getMetadata().getDeletionTimestamp() == null) {
                    deployment.delete();
                    events.normal(
                            cluster, "FirewallDeleting", "deleting MetalStackFirewallDeployment " + firewall.get());
                }
                return waitForRelease(
                        cluster,
                        client,
                        "waiting for MetalStackFirewallDeployment " + firewall.get() + " to free the firewall");
            }
        }
        if (orphan) {
            return CleanupStatus.orphaned(
                    events,
                    cluster,
                    DeletionPolicy.whyKept(cluster),
                    "the node network, the control-plane address and the machines of cluster id " + clusterId.get()
                            + " stay in metal-api");
        }
        for (IpAddress ip : metal.findIps(
                new IpQuery(spec.getProjectID(), null, ClusterMarks.controlPlaneIpTags(clusterId.get())))) {
            try {
                metal.freeIp(ip.address());
                events.normal(cluster, "ControlPlaneIPFreed", "freed control-plane address " + ip.address());
                LOG.info(
                        "control-plane ip freed namespace={} name={} ip={}",
                        namespace(cluster),
                        name(cluster),
                        ip.address());
            } catch (MetalApiException.NotFound alreadyGone) {
                LOG.info("control-plane ip already gone ip={}", ip.address());
            }
        }
        for (Network network : metal.findNetworks(new NetworkQuery(
                spec.getProjectID(), spec.getPartition(), ClusterMarks.networkLabels(clusterId.get())))) {
            try {
                metal.freeNetwork(network.id());
                events.normal(cluster, "NetworkFreed", "freed node network " + network.id());
                LOG.info(
                        "node network freed namespace={} name={} network={}",
                        namespace(cluster),
                        name(cluster),
                        network.id());
            } catch (MetalApiException.NotFound alreadyGone) {
                LOG.info("node network already gone network={}", network.id());
            } catch (MetalApiException.Rejected inUse) {
                return waitForRelease(cluster, client, inUse.getMessage());
            }
        }
        return DeleteControl.defaultDelete();
    }

    private DeleteControl waitForRelease(MetalStackCluster cluster, KubernetesClient client, String why) {
        MetalStackClusterStatus status = statusOf(cluster);
        status.setReady(false);
        conditions.set(status, cluster.getMetadata().getGeneration(), Conditions.READY, false, "Deleting", why);
        CleanupStatus.patch(client, cluster);
        return DeleteControl.noFinalizerRemoval()
                .rescheduleAfter(delays.since(deletionTime(cluster)).toMillis());
    }

    @Override
    public ErrorStatusUpdateControl<MetalStackCluster> updateErrorStatus(
            MetalStackCluster cluster, Context<MetalStackCluster> context, Exception e) {
        if (StatusMessages.isShutdown(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        markNotReady(cluster, e);
        StatusWrite.merge(context.getClient(), cluster);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void markNotReady(MetalStackCluster cluster, Exception e) {
        conditions.notReady(statusOf(cluster), cluster.getMetadata().getGeneration(), e);
        events.warning(cluster, StatusMessages.reason(e), StatusMessages.of(e));
    }

    private static Resource<MetalStackCluster> resource(KubernetesClient client, MetalStackCluster cluster) {
        return client.resources(MetalStackCluster.class)
                .inNamespace(namespace(cluster))
                .withName(name(cluster));
    }

    private static Instant deletionTime(MetalStackCluster cluster) {
        String timestamp = cluster.getMetadata().getDeletionTimestamp();
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    private static MetalStackClusterStatus statusOf(MetalStackCluster cluster) {
        if (cluster.getStatus() == null) {
            cluster.setStatus(new MetalStackClusterStatus());
        }
        return cluster.getStatus();
    }

    private static String name(MetalStackCluster cluster) {
        return cluster.getMetadata().getName();
    }

    private static String namespace(MetalStackCluster cluster) {
        return cluster.getMetadata().getNamespace();
    }
}

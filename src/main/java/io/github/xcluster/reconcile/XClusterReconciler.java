package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.FirewallUpdate;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XClusterStatus;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
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
    static final String FIREWALL_UP_TO_DATE = "FirewallUpToDate";
    private static final String NO_FIREWALL_YET = "no XFirewall yet";
    /** A named network that is wrong is looked at again this often; someone may fix it in metal-api. */
    static final Duration INVALID_NETWORK_RECHECK = Duration.ofMinutes(1);
    /**
     * metal-api gives back a freed firewall's addresses asynchronously, so a network refused as in use
     * right after is normal; still in use after this long, something else holds it.
     */
    static final Duration NETWORK_RELEASE_PATIENCE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(XClusterReconciler.class);

    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;
    private final ControllerTenancy tenancy;
    private final TrustedFindings<Network> knownNetworks;

    XClusterReconciler(
            MetalApiChanges changes,
            SpecRules rules,
            EventRecorder events,
            Conditions conditions,
            Delays delays,
            ControllerTenancy tenancy,
            TrustedFindings<Network> knownNetworks) {
        this.changes = changes;
        this.rules = rules;
        this.events = events;
        this.conditions = conditions;
        this.delays = delays;
        this.tenancy = tenancy;
        this.knownNetworks = knownNetworks;
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
                CredentialChangeEvents.of(context, changes),
                tenancy.changes(context));
    }

    @Override
    public UpdateControl<XCluster> reconcile(XCluster cluster, Context<XCluster> context) {
        UpdateControl<XCluster> control;
        try {
            control = converge(cluster, context);
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(cluster, credentials);
            control = UpdateControl.patchStatus(cluster).rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
        return StatusWrite.replacing(context.getClient(), cluster, control);
    }

    private UpdateControl<XCluster> converge(XCluster cluster, Context<XCluster> context) {
        XClusterStatus status = statusOf(cluster);
        long generation = cluster.getMetadata().getGeneration();
        Optional<String> unbound = tenancy.refusal(cluster, cluster.getSpec().getProjectID());
        if (unbound.isPresent()) {
            status.setReady(false);
            conditions.set(status, generation, Conditions.READY, false, ControllerTenancy.NOT_BOUND, unbound.get());
            events.warning(cluster, ControllerTenancy.NOT_BOUND, unbound.get());
            return UpdateControl.patchStatus(cluster);
        }
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

        FirewallRollout.Plan<XFirewall> plan = rollOut(cluster, network.get().id(), context);
        Optional<XFirewall> active = plan.active();
        Optional<XFirewall> pending = plan.pending();
        boolean firewallReady = active.map(FirewallTemplate::isReady).orElse(false);
        status.setActiveFirewall(active.map(XClusterReconciler::name).orElse(null));
        status.setPendingFirewall(pending.map(XClusterReconciler::name).orElse(null));
        conditions.set(
                status,
                generation,
                FIREWALL_READY,
                firewallReady,
                firewallReady ? "FirewallReady" : "FirewallProvisioning",
                firewallReady
                        ? "XFirewall " + name(active.get()) + " is ready"
                        : active.or(() -> pending)
                                .map(XClusterReconciler::firewallProgress)
                                .orElse(NO_FIREWALL_YET));
        Duration recheck = reportRollout(cluster, plan);
        boolean wasReady = status.isReady();
        status.setReady(firewallReady);
        conditions.set(
                status,
                generation,
                Conditions.READY,
                firewallReady,
                firewallReady ? "ClusterReady" : "FirewallProvisioning",
                firewallReady
                        ? "network and firewall are ready"
                        : active.or(() -> pending)
                                .map(f -> "waiting for " + firewallProgress(f))
                                .orElse(NO_FIREWALL_YET));
        if (firewallReady && !wasReady) {
            events.normal(cluster, "ClusterReady", "network " + network.get().id() + " and firewall are ready");
            LOG.info(
                    "cluster ready namespace={} name={} network={}",
                    namespace(cluster),
                    name(cluster),
                    network.get().id());
        }
        return recheck == null
                ? UpdateControl.patchStatus(cluster)
                : UpdateControl.patchStatus(cluster).rescheduleAfter(recheck);
    }

    /**
     * Brings the cluster's XFirewalls to what {@link FirewallRollout} decides: retires those that go, creates the
     * firewall of the current template when it is due and labels who serves and who comes. The plan returned names
     * the firewalls as they are after these steps.
     */
    private FirewallRollout.Plan<XFirewall> rollOut(XCluster cluster, String networkId, Context<XCluster> context) {
        XFirewallSpec wanted = FirewallTemplate.wantedSpec(cluster, networkId);
        String hash = FirewallTemplate.hash(wanted);
        FirewallUpdate.Strategy strategy =
                cluster.getSpec().firewallUpdateOrDefault().strategyOrDefault();
        ClusterFirewalls firewalls = new ClusterFirewalls(context.getClient(), cluster);
        FirewallRollout.Plan<XFirewall> plan = FirewallRollout.plan(
                ClusterFirewalls.cached(context, cluster), hash, strategy, FirewallTemplate.ROLLOUT_FACTS);
        if (plan.create()) {
            plan = FirewallRollout.plan(firewalls.live(), hash, strategy, FirewallTemplate.ROLLOUT_FACTS);
        }
        for (XFirewall retired : plan.retire()) {
            firewalls.delete(retired);
            reportRetired(cluster, retired, plan);
        }
        plan.active().ifPresent(active -> firewalls.mark(active, FirewallTemplate.ROLE_ACTIVE));
        plan.pending().ifPresent(pending -> firewalls.mark(pending, FirewallTemplate.ROLE_PENDING));
        if (!plan.create()) {
            return plan;
        }
        boolean becomesActive = plan.active().isEmpty();
        XFirewall created =
                firewalls.create(wanted, becomesActive ? FirewallTemplate.ROLE_ACTIVE : FirewallTemplate.ROLE_PENDING);
        reportCreated(cluster, created, plan.active());
        firewalls
                .foreignNamesake()
                .ifPresent(namesake -> events.warning(
                        cluster,
                        "FirewallNameTaken",
                        "XFirewall " + name(namesake)
                                + " exists without an owner reference to this XCluster, so it is not"
                                + " the cluster's and is left alone; the cluster's firewall is XFirewall "
                                + name(created)));
        return plan.withCreated(created);
    }

    private void reportCreated(XCluster cluster, XFirewall created, Optional<XFirewall> replacing) {
        String message = replacing.isPresent()
                ? "created XFirewall " + name(created) + " for the changed template; it replaces "
                        + name(replacing.get()) + " once it is ready"
                : "created XFirewall " + name(created);
        events.normal(cluster, replacing.isPresent() ? "FirewallRollout" : "FirewallCreated", message);
        LOG.info("xfirewall created namespace={} name={}", namespace(cluster), name(created));
    }

    private void reportRetired(XCluster cluster, XFirewall retired, FirewallRollout.Plan<XFirewall> plan) {
        String message;
        String reason;
        if (FirewallTemplate.isReady(retired) && plan.active().isPresent()) {
            reason = "FirewallReplaced";
            message = "XFirewall " + name(plan.active().get()) + " is ready and replaces " + name(retired);
        } else if (plan.recreating()) {
            reason = "FirewallRecreating";
            message =
                    "deleting XFirewall " + name(retired) + " before its replacement is allocated (strategy Recreate)";
        } else {
            reason = "FirewallRetired";
            message = "deleting XFirewall " + name(retired) + ", made from a template the cluster no longer asks for";
        }
        events.normal(cluster, reason, message);
        LOG.info("xfirewall retired namespace={} name={} reason={}", namespace(cluster), name(retired), reason);
    }

    /**
     * The FirewallUpToDate condition: whether the active firewall is of the current template and, while it is not,
     * what the rollout waits for. Returns when to look again for the progress deadline, or null.
     */
    private Duration reportRollout(XCluster cluster, FirewallRollout.Plan<XFirewall> plan) {
        XClusterStatus status = statusOf(cluster);
        long generation = cluster.getMetadata().getGeneration();
        String before = Conditions.reasonOf(status, FIREWALL_UP_TO_DATE);
        if (plan.recreating() || plan.active().isEmpty() && plan.pending().isPresent()) {
            conditions.set(
                    status,
                    generation,
                    FIREWALL_UP_TO_DATE,
                    false,
                    "Recreating",
                    "the old firewall is freed before its replacement is allocated (strategy Recreate); the network is"
                            + " unprotected until the new one is ready");
            return null;
        }
        if (plan.pending().isEmpty()) {
            conditions.set(
                    status,
                    generation,
                    FIREWALL_UP_TO_DATE,
                    true,
                    "UpToDate",
                    plan.active()
                            .map(f -> "XFirewall " + name(f) + " runs the current template")
                            .orElse(NO_FIREWALL_YET));
            return null;
        }
        XFirewall active = plan.active().get();
        XFirewall pending = plan.pending().get();
        Duration deadline = cluster.getSpec().firewallUpdateOrDefault().progressDeadlineOrDefault();
        Duration left = delays.left(FirewallTemplate.created(pending), deadline);
        String progress = firewallProgress(pending);
        if ("NoMachineAvailable".equals(Conditions.reasonOf(pending.getStatus(), Conditions.READY))) {
            conditions.set(
                    status,
                    generation,
                    FIREWALL_UP_TO_DATE,
                    false,
                    "NoSpareMachine",
                    "RollingUpdate needs a free machine of size "
                            + pending.getSpec().getSize() + " in partition "
                            + pending.getSpec().getPartitionID() + " beside the running firewall, and there is none; "
                            + name(active) + " keeps serving. Free a machine, or set spec.firewallUpdate.strategy to"
                            + " Recreate to replace the firewall in place (" + progress + ")");
        } else if (left.isNegative() || left.isZero()) {
            String message = "XFirewall " + name(pending) + " is not ready after " + deadline.toSeconds()
                    + " s (spec.firewallUpdate.progressDeadlineSeconds); " + name(active) + " keeps serving. "
                    + progress + ". Revert the template to cancel the rollout";
            conditions.set(status, generation, FIREWALL_UP_TO_DATE, false, "ProgressDeadlineExceeded", message);
            if (!"ProgressDeadlineExceeded".equals(before)) {
                events.warning(cluster, "ProgressDeadlineExceeded", message);
            }
        } else {
            conditions.set(
                    status,
                    generation,
                    FIREWALL_UP_TO_DATE,
                    false,
                    "RollingOut",
                    "XFirewall " + name(pending) + " replaces " + name(active) + " once it is ready; " + progress);
            return left;
        }
        return null;
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
        // before the cache, so that a binding's missing or unusable credentials Secret still shows at once
        MetalApi metal = tenancy.metal(cluster, spec.getProjectID());
        Optional<Network> known = knownNetworks.recent(cluster);
        if (known.isPresent()) {
            return known;
        }
        List<Network> mine = metal.findNetworks(
                new NetworkQuery(spec.getProjectID(), spec.getPartition(), OwnerMarks.networkLabels(cluster)));
        if (!mine.isEmpty()) {
            knownNetworks.found(cluster, mine.get(0));
            return Optional.of(mine.get(0));
        }
        Network allocated = metal.allocateNetwork(new NetworkAllocationRequest(
                spec.getProjectID(),
                spec.getPartition(),
                name(cluster),
                "xcluster " + namespace(cluster) + "/" + name(cluster),
                OwnerMarks.networkLabels(cluster)));
        knownNetworks.found(cluster, allocated);
        events.normal(
                cluster,
                "NetworkAllocated",
                "allocated private network " + allocated.id() + " " + allocated.prefixes());
        LOG.info(
                "network allocated namespace={} name={} network={}", namespace(cluster), name(cluster), allocated.id());
        return Optional.of(allocated);
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
        return CleanupStatus.reported(
                context.getClient(), cluster, this::markNotReady, () -> release(cluster, context.getClient()));
    }

    private DeleteControl release(XCluster cluster, KubernetesClient client) {
        knownNetworks.forget(cluster);
        ClusterFirewalls firewalls = new ClusterFirewalls(client, cluster);
        List<XFirewall> owned = firewalls.live();
        boolean orphan = DeletionPolicy.of(cluster) == DeletionPolicy.ORPHAN;
        if (!owned.isEmpty()) {
            for (XFirewall firewall : owned) {
                if (firewall.getMetadata().getDeletionTimestamp() == null) {
                    if (orphan) {
                        firewalls.mark(
                                firewall,
                                Optional.ofNullable(FirewallTemplate.roleOf(firewall))
                                        .orElse(FirewallTemplate.ROLE_ACTIVE));
                    }
                    firewalls.delete(firewall);
                    events.normal(cluster, "FirewallDeleting", "deleting XFirewall " + name(firewall));
                }
            }
            return DeleteControl.noFinalizerRemoval()
                    .rescheduleAfter(delays.since(deletionTime(cluster)).toMillis());
        }
        if (orphan) {
            String network = Optional.ofNullable(cluster.getStatus())
                    .map(XClusterStatus::getPrivateNetworkID)
                    .orElse("(none allocated)");
            return CleanupStatus.orphaned(
                    events,
                    cluster,
                    DeletionPolicy.whyKept(cluster),
                    "private network " + network + " and the firewall machines stay in metal-api");
        }
        if (cluster.getSpec().getPrivateNetworkID() == null
                || cluster.getSpec().getPrivateNetworkID().isBlank()) {
            MetalApi metal = tenancy.metal(cluster, cluster.getSpec().getProjectID());
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
        if (StatusMessages.isShutdown(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        markNotReady(cluster, e);
        StatusWrite.replace(context.getClient(), cluster);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void markNotReady(XCluster cluster, Exception e) {
        conditions.notReady(statusOf(cluster), cluster.getMetadata().getGeneration(), e);
        events.warning(cluster, StatusMessages.reason(e), StatusMessages.of(e));
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

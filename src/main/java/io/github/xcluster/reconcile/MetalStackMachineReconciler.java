package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.capi.Initialization;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterStatus;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineSpec;
import io.github.xcluster.api.capi.MetalStackMachineStatus;
import io.github.xcluster.api.capi.ProviderId;
import io.github.xcluster.metal.IpAddress;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiException;
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
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Cluster API Machine its metal-stack machine once the cluster's infrastructure and the bootstrap data are
 * there: allocated in the node network with the bootstrap data as user data, kept apart from the cluster's other
 * machines, control-plane machines with the endpoint's address. Found again by its tags, never allocated twice;
 * provisioned only after it phoned home and is alive; freed on deletion.
 */
@ControllerConfiguration(name = "metalstackmachine", finalizerName = MetalStackMachine.FINALIZER)
public final class MetalStackMachineReconciler implements Reconciler<MetalStackMachine>, Cleaner<MetalStackMachine> {
    static final String ALLOCATED = "MachineCreated";
    static final Set<String> BOOTSTRAP_FORMATS = Set.of("cloud-config", "ignition");
    /** A full partition is asked again this often; a machine may be freed at any time. */
    static final Duration NO_MACHINE_RECHECK = Duration.ofSeconds(30);
    /** Once ready, liveliness is looked at again this often. */
    static final Duration LIVELINESS_CHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(MetalStackMachineReconciler.class);

    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;
    private final ControllerTenancy tenancy;

    MetalStackMachineReconciler(
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
    public List<EventSource<?, MetalStackMachine>> prepareEventSources(EventSourceContext<MetalStackMachine> context) {
        IndexerResourceCache<MetalStackMachine> machines = context.getPrimaryCache();
        return List.of(
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(ClusterApiObjects.MACHINE, MetalStackMachine.class)
                                .withName("machines")
                                .withOnUpdateFilter(ClusterApiObjects::bootstrapDataChanged)
                                .withSecondaryToPrimaryMapper(machine -> ClusterApiObjects.infrastructureRefName(
                                                machine, "MetalStackMachine")
                                        .map(name -> Set.of(new ResourceID(
                                                name, machine.getMetadata().getNamespace())))
                                        .orElse(Set.of()))
                                .build(),
                        context),
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(ClusterApiObjects.CLUSTER, MetalStackMachine.class)
                                .withName("clusters")
                                .withOnUpdateFilter(ClusterApiObjects::pauseOrInfrastructureChanged)
                                .withSecondaryToPrimaryMapper(cluster -> ofCluster(
                                        machines, cluster, cluster.getMetadata().getName()))
                                .build(),
                        context),
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(MetalStackCluster.class, MetalStackMachine.class)
                                .withName("metalstackclusters")
                                .withOnUpdateFilter(MetalStackMachineReconciler::placementChanged)
                                .withSecondaryToPrimaryMapper(cluster -> ClusterApiObjects.clusterName(cluster)
                                        .or(() -> cluster.getMetadata().getOwnerReferences().stream()
                                                .filter(reference -> "Cluster".equals(reference.getKind()))
                                                .map(reference -> reference.getName())
                                                .findFirst())
                                        .map(name -> ofCluster(machines, cluster, name))
                                        .orElse(Set.of()))
                                .build(),
                        context),
                CredentialChangeEvents.of(context, changes),
                tenancy.changes(context));
    }

    /** What machines take from their MetalStackCluster: readiness, network, address, id, pause. */
    private static boolean placementChanged(MetalStackCluster now, MetalStackCluster before) {
        return !placementOf(now).equals(placementOf(before));
    }

    private static List<Object> placementOf(MetalStackCluster cluster) {
        MetalStackClusterStatus status = cluster.getStatus();
        return Arrays.asList(
                ClusterMarks.clusterId(cluster),
                ClusterApiObjects.hasPausedAnnotation(cluster),
                status != null && status.isReady(),
                status == null ? null : status.getNodeNetworkID(),
                status == null ? null : status.getControlPlaneIP());
    }

    private static Set<ResourceID> ofCluster(
            IndexerResourceCache<MetalStackMachine> machines, HasMetadata inNamespace, String clusterName) {
        return machines.list(
                        inNamespace.getMetadata().getNamespace(),
                        machine -> ClusterApiObjects.clusterName(machine)
                                .filter(clusterName::equals)
                                .isPresent())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<MetalStackMachine> reconcile(MetalStackMachine machine, Context<MetalStackMachine> context) {
        UpdateControl<MetalStackMachine> control;
        try {
            control = converge(machine, context.getClient());
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(machine, credentials);
            control = UpdateControl.patchStatus(machine).rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
        return StatusWrite.merging(context.getClient(), machine, control);
    }

    /** What the machine belongs to, once Cluster API and the MetalStackCluster have made it all. */
    private record Placement(
            GenericKubernetesResource owner,
            MetalStackCluster infrastructure,
            String clusterId,
            String networkId,
            String controlPlaneIp) {}

    private UpdateControl<MetalStackMachine> converge(MetalStackMachine machine, KubernetesClient client) {
        MetalStackMachineStatus status = statusOf(machine);
        long generation = machine.getMetadata().getGeneration();
        ClusterApiObjects capi = new ClusterApiObjects(client);
        Optional<GenericKubernetesResource> owner = capi.owningMachine(machine);
        if (owner.isEmpty()) {
            return waiting(machine, "WaitingForMachineOwner", "waiting for Cluster API to make a Machine the owner")
                    .rescheduleAfter(MetalStackClusterReconciler.OWNER_RECHECK);
        }
        Optional<String> clusterName = Optional.ofNullable(owner.get().<String>get("spec", "clusterName"))
                .or(() -> ClusterApiObjects.clusterName(machine));
        Optional<GenericKubernetesResource> cluster =
                clusterName.flatMap(name -> capi.cluster(namespace(machine), name));
        if (cluster.isEmpty()) {
            return waiting(machine, "WaitingForCluster", "waiting for the Cluster " + clusterName.orElse("(unnamed)"))
                    .rescheduleAfter(MetalStackClusterReconciler.OWNER_RECHECK);
        }
        if (conditions.setPaused(status, generation, ClusterApiObjects.isPaused(cluster.get(), machine))) {
            return UpdateControl.patchStatus(machine);
        }
        if (!ClusterApiObjects.infrastructureProvisioned(cluster.get())) {
            return waiting(machine, "WaitingForClusterInfrastructure", "waiting for the cluster's infrastructure");
        }
        Optional<Placement> placement = placement(client, owner.get(), cluster.get());
        if (placement.isEmpty()) {
            return waiting(machine, "WaitingForClusterInfrastructure", "waiting for the MetalStackCluster to be ready");
        }
        MetalStackCluster infrastructure = placement.get().infrastructure();
        Optional<String> unbound =
                tenancy.refusal(machine, infrastructure.getSpec().getProjectID());
        if (unbound.isPresent()) {
            events.warning(machine, ControllerTenancy.NOT_BOUND, unbound.get());
            return notReady(machine, ControllerTenancy.NOT_BOUND, unbound.get(), Duration.ofMinutes(1));
        }
        Optional<Machine> mine = ours(machine, placement.get());
        Machine allocated;
        if (mine.isPresent()) {
            allocated = mine.get();
        } else {
            Optional<String> dataSecret = ClusterApiObjects.dataSecretName(owner.get());
            Optional<ClusterApiObjects.BootstrapData> bootstrap =
                    dataSecret.flatMap(name -> capi.bootstrapData(namespace(machine), name));
            if (bootstrap.isEmpty()) {
                return waiting(machine, "WaitingForBootstrapData", "waiting for the bootstrap data secret");
            }
            Verdict verdict = rules.checkForReconcile(
                    machine.getSpec(),
                    infrastructure.getSpec().getPartition(),
                    infrastructure.getSpec().getProjectID());
            if (!verdict.allowed()) {
                events.warning(machine, "InvalidSpec", verdict.message());
                return notReady(machine, "InvalidSpec", verdict.message(), Duration.ofMinutes(1));
            }
            if (!BOOTSTRAP_FORMATS.contains(bootstrap.get().format())) {
                String message = "bootstrap data secret " + dataSecret.get() + " has format \""
                        + bootstrap.get().format() + "\"; metal-stack machines take "
                        + String.join(
                                " or ", BOOTSTRAP_FORMATS.stream().sorted().toList());
                events.warning(machine, "UnsupportedBootstrapFormat", message);
                return notReady(machine, "UnsupportedBootstrapFormat", message, Duration.ofMinutes(1));
            }
            try {
                allocated = allocate(machine, placement.get(), bootstrap.get());
            } catch (MetalApiException.Rejected rejected) {
                boolean full = rejected.noMachineAvailable();
                String reason = StatusMessages.refusalReason(rejected);
                conditions.set(status, generation, ALLOCATED, false, reason, rejected.getMessage());
                events.warning(machine, reason, rejected.getMessage());
                return notReady(
                        machine, reason, rejected.getMessage(), full ? NO_MACHINE_RECHECK : Duration.ofMinutes(1));
            }
        }
        String providerId = ProviderId.of(infrastructure.getSpec().getPartition(), allocated.id());
        if (!providerId.equals(machine.getSpec().getProviderID())) {
            setProviderId(machine, client, providerId);
        }
        return report(machine, allocated);
    }

    /**
     * The machine the status names while it still carries this object's tags (one GET), else the one the tags find:
     * after a crash between allocation and status, after a move (which carries no status), or never allocated.
     */
    private Optional<Machine> ours(MetalStackMachine machine, Placement placement) {
        List<String> tags = ClusterMarks.machineTags(placement.clusterId(), machine);
        MetalApi metal = metal(machine, Optional.of(placement.infrastructure()));
        String known = machine.getStatus() == null ? null : machine.getStatus().getMachineID();
        if (known != null) {
            Optional<Machine> named =
                    metal.machine(known).filter(m -> m.isAllocated() && m.tags().containsAll(tags));
            if (named.isPresent()) {
                return named;
            }
        }
        MetalStackCluster infrastructure = placement.infrastructure();
        return metal
                .findMachines(new MachineQuery(
                        infrastructure.getSpec().getProjectID(),
                        infrastructure.getSpec().getPartition(),
                        null,
                        tags))
                .stream()
                .findFirst();
    }

    private Optional<Placement> placement(
            KubernetesClient client, GenericKubernetesResource owner, GenericKubernetesResource cluster) {
        Optional<MetalStackCluster> infrastructure = ClusterApiObjects.infrastructureRefName(
                        cluster, "MetalStackCluster")
                .map(name -> client.resources(MetalStackCluster.class)
                        .inNamespace(cluster.getMetadata().getNamespace())
                        .withName(name)
                        .get());
        if (infrastructure.isEmpty()
                || infrastructure.get().getStatus() == null
                || !infrastructure.get().getStatus().isReady()
                || infrastructure.get().getStatus().getNodeNetworkID() == null
                || ClusterMarks.clusterId(infrastructure.get()).isEmpty()) {
            return Optional.empty();
        }
        MetalStackCluster ready = infrastructure.get();
        return Optional.of(new Placement(
                owner,
                ready,
                ClusterMarks.clusterId(ready).orElseThrow(),
                ready.getStatus().getNodeNetworkID(),
                ready.getStatus().getControlPlaneIP()));
    }

    private Machine allocate(
            MetalStackMachine machine, Placement placement, ClusterApiObjects.BootstrapData bootstrap) {
        MetalStackMachineSpec spec = machine.getSpec();
        MetalStackCluster infrastructure = placement.infrastructure();
        MetalApi metal = metal(machine, Optional.of(infrastructure));
        List<String> networks = new ArrayList<>(List.of(placement.networkId()));
        List<String> ips = new ArrayList<>();
        if (ClusterApiObjects.isControlPlane(placement.owner()) && placement.controlPlaneIp() != null) {
            Optional<IpAddress> endpoint = metal.ip(placement.controlPlaneIp());
            if (endpoint.isPresent()) {
                networks.add(endpoint.get().networkId());
                ips.add(endpoint.get().address());
            }
        }
        List<String> ours = ClusterMarks.machineTags(placement.clusterId(), machine);
        String name = name(machine);
        Machine allocated = metal.allocateMachine(new MachineAllocationRequest(
                name,
                name,
                namespace(machine) + "/" + name + " of Cluster API cluster " + namespace(machine) + "/"
                        + placement.owner().get("spec", "clusterName"),
                infrastructure.getSpec().getProjectID(),
                infrastructure.getSpec().getPartition(),
                spec.getSize(),
                spec.getImage(),
                ProviderId.parse(spec.getProviderID())
                        .map(ProviderId::machineId)
                        .orElse(null),
                networks,
                withOursWinning(spec.getTags(), ours),
                spec.getSshPublicKeys(),
                bootstrap.value(),
                List.of(ClusterMarks.clusterTag(placement.clusterId())),
                ips));
        events.normal(
                machine, "MachineAllocated", "allocated machine " + allocated.id() + " (" + bootstrap.format() + ")");
        LOG.info(
                "machine allocated namespace={} name={} machine={} partition={}",
                namespace(machine),
                name,
                allocated.id(),
                infrastructure.getSpec().getPartition());
        return allocated;
    }

    /** The user's tags, except those with one of our keys, then ours. */
    private static List<String> withOursWinning(List<String> theirs, List<String> ours) {
        Set<String> ourKeys =
                ours.stream().map(MetalStackMachineReconciler::tagKey).collect(Collectors.toSet());
        List<String> tags = new ArrayList<>();
        if (theirs != null) {
            theirs.stream().filter(tag -> !ourKeys.contains(tagKey(tag))).forEach(tags::add);
        }
        tags.addAll(ours);
        return tags;
    }

    private static String tagKey(String tag) {
        int equals = tag.indexOf('=');
        return equals < 0 ? tag : tag.substring(0, equals);
    }

    private static void setProviderId(MetalStackMachine machine, KubernetesClient client, String providerId) {
        MetalStackMachine edited = client.resources(MetalStackMachine.class)
                .inNamespace(namespace(machine))
                .withName(name(machine))
                .edit(live -> {
                    live.getSpec().setProviderID(providerId);
                    return live;
                });
        machine.getSpec().setProviderID(edited.getSpec().getProviderID());
        machine.getMetadata().setResourceVersion(edited.getMetadata().getResourceVersion());
    }

    private UpdateControl<MetalStackMachine> report(MetalStackMachine machine, Machine allocated) {
        MetalStackMachineStatus status = statusOf(machine);
        long generation = machine.getMetadata().getGeneration();
        status.setMachineID(allocated.id());
        status.setLastEvent(allocated.lastEvent());
        status.setLiveliness(allocated.liveliness());
        status.setAddresses(MachineAddresses.of(allocated));
        conditions.set(status, generation, ALLOCATED, true, "Allocated", "machine " + allocated.id() + " is allocated");
        boolean wasReady = status.isReady();
        boolean ready = MachineReadiness.isReady(allocated);
        status.setReady(ready);
        if (!ready) {
            String why = MachineReadiness.describe(allocated);
            conditions.set(status, generation, Conditions.READY, false, "Provisioning", why);
            return UpdateControl.patchStatus(machine)
                    .rescheduleAfter(delays.since(
                            allocated.allocation() == null
                                    ? null
                                    : allocated.allocation().created()));
        }
        Initialization initialization = new Initialization();
        initialization.setProvisioned(true);
        status.setInitialization(initialization);
        conditions.set(
                status,
                generation,
                Conditions.READY,
                true,
                "MachineReady",
                "machine " + allocated.id() + " phoned home and is alive");
        if (!wasReady) {
            events.normal(machine, "MachineReady", "machine " + allocated.id() + " phoned home");
            LOG.info(
                    "machine ready namespace={} name={} machine={}", namespace(machine), name(machine), allocated.id());
        }
        return UpdateControl.patchStatus(machine).rescheduleAfter(LIVELINESS_CHECK);
    }

    private UpdateControl<MetalStackMachine> waiting(MetalStackMachine machine, String reason, String message) {
        MetalStackMachineStatus status = statusOf(machine);
        status.setReady(false);
        conditions.set(status, machine.getMetadata().getGeneration(), Conditions.READY, false, reason, message);
        return UpdateControl.patchStatus(machine);
    }

    private UpdateControl<MetalStackMachine> notReady(
            MetalStackMachine machine, String reason, String message, Duration recheck) {
        MetalStackMachineStatus status = statusOf(machine);
        status.setReady(false);
        conditions.set(status, machine.getMetadata().getGeneration(), Conditions.READY, false, reason, message);
        return UpdateControl.patchStatus(machine).rescheduleAfter(recheck);
    }

    @Override
    public DeleteControl cleanup(MetalStackMachine machine, Context<MetalStackMachine> context) {
        return CleanupStatus.reported(
                context.getClient(), machine, this::markNotReady, () -> release(machine, context.getClient()));
    }

    /**
     * Frees the machines carrying this object's tags. Without the MetalStackCluster (deleted out of order) the
     * machine the status names is freed if it carries this object's tag.
     */
    private DeleteControl release(MetalStackMachine machine, KubernetesClient client) {
        ClusterApiObjects capi = new ClusterApiObjects(client);
        Optional<GenericKubernetesResource> cluster =
                ClusterApiObjects.clusterName(machine).flatMap(name -> capi.cluster(namespace(machine), name));
        boolean paused = cluster.map(c -> ClusterApiObjects.isPaused(c, machine))
                .orElse(ClusterApiObjects.hasPausedAnnotation(machine));
        if (paused) {
            conditions.setPaused(statusOf(machine), machine.getMetadata().getGeneration(), true);
            CleanupStatus.patch(client, machine);
            return DeleteControl.noFinalizerRemoval();
        }
        Optional<MetalStackCluster> infrastructure = cluster.flatMap(
                        c -> ClusterApiObjects.infrastructureRefName(c, "MetalStackCluster"))
                .map(name -> client.resources(MetalStackCluster.class)
                        .inNamespace(namespace(machine))
                        .withName(name)
                        .get());
        if (DeletionPolicy.of(machine, infrastructure) == DeletionPolicy.ORPHAN) {
            String kept = Optional.ofNullable(machine.getStatus())
                    .map(MetalStackMachineStatus::getMachineID)
                    .orElse("(none allocated)");
            return CleanupStatus.orphaned(
                    events,
                    machine,
                    DeletionPolicy.whyKept(machine, infrastructure),
                    "machine " + kept + " stays in metal-api");
        }
        MetalApi metal = metal(machine, infrastructure);
        for (Machine mine : ours(metal, machine, infrastructure)) {
            try {
                metal.freeMachine(mine.id());
                events.normal(machine, "MachineFreed", "freed machine " + mine.id());
                LOG.info("machine freed namespace={} name={} machine={}", namespace(machine), name(machine), mine.id());
            } catch (MetalApiException.NotFound alreadyGone) {
                LOG.info("machine already gone machine={}", mine.id());
            }
        }
        return DeleteControl.defaultDelete();
    }

    /** The machine's project is its cluster's; without the cluster, the operator's own credentials free it. */
    private MetalApi metal(MetalStackMachine machine, Optional<MetalStackCluster> infrastructure) {
        return tenancy.metal(
                machine,
                infrastructure.map(cluster -> cluster.getSpec().getProjectID()).orElse(null));
    }

    private static List<Machine> ours(
            MetalApi metal, MetalStackMachine machine, Optional<MetalStackCluster> infrastructure) {
        if (infrastructure.isPresent()
                && ClusterMarks.clusterId(infrastructure.get()).isPresent()) {
            return metal.findMachines(new MachineQuery(
                    infrastructure.get().getSpec().getProjectID(),
                    infrastructure.get().getSpec().getPartition(),
                    null,
                    ClusterMarks.machineTags(
                            ClusterMarks.clusterId(infrastructure.get()).orElseThrow(), machine)));
        }
        String machineId =
                machine.getStatus() == null ? null : machine.getStatus().getMachineID();
        if (machineId == null) {
            machineId = ProviderId.parse(machine.getSpec().getProviderID())
                    .map(ProviderId::machineId)
                    .orElse(null);
        }
        String resourceTag = ClusterMarks.machineResourceTag(machine);
        return machineId == null
                ? List.of()
                : metal.machine(machineId).filter(m -> m.tags().contains(resourceTag)).stream()
                        .toList();
    }

    @Override
    public ErrorStatusUpdateControl<MetalStackMachine> updateErrorStatus(
            MetalStackMachine machine, Context<MetalStackMachine> context, Exception e) {
        if (StatusMessages.isShutdown(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        markNotReady(machine, e);
        StatusWrite.merge(context.getClient(), machine);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void markNotReady(MetalStackMachine machine, Exception e) {
        conditions.notReady(statusOf(machine), machine.getMetadata().getGeneration(), e);
        events.warning(machine, StatusMessages.reason(e), StatusMessages.of(e));
    }

    private static MetalStackMachineStatus statusOf(MetalStackMachine machine) {
        if (machine.getStatus() == null) {
            machine.setStatus(new MetalStackMachineStatus());
        }
        return machine.getStatus();
    }

    private static String name(MetalStackMachine machine) {
        return machine.getMetadata().getName();
    }

    private static String namespace(MetalStackMachine machine) {
        return machine.getMetadata().getNamespace();
    }
}

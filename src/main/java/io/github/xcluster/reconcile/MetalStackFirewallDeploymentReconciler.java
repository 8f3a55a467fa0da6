package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.capi.Initialization;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackFirewallDeployment;
import io.github.xcluster.api.capi.MetalStackFirewallDeploymentSpec;
import io.github.xcluster.api.capi.MetalStackFirewallDeploymentStatus;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackFirewallTemplateSpec;
import io.github.xcluster.metal.Image;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.rules.SpecRules;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Cluster API cluster's firewall running after its MetalStackFirewallTemplate: allocates it in the cluster's
 * node network once the MetalStackCluster that references the deployment has one, and on a change of the template
 * rolls out a new firewall beside the old one ({@link FirewallRollout}, as for XClusters), freeing the old one once
 * the new one phoned home. Deletion waits for the cluster's machines, then frees every firewall of the deployment.
 */
@ControllerConfiguration(name = "metalstackfirewalldeployment", finalizerName = MetalStackFirewallDeployment.FINALIZER)
public final class MetalStackFirewallDeploymentReconciler
        implements Reconciler<MetalStackFirewallDeployment>, Cleaner<MetalStackFirewallDeployment> {
    static final String UP_TO_DATE = "FirewallUpToDate";
    /** A refused allocation is tried again this often: a machine may be freed, the template or metal-api fixed. */
    static final Duration REFUSED_RECHECK = Duration.ofSeconds(30);
    /** Once ready, liveliness is looked at again this often. */
    static final Duration LIVELINESS_CHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(MetalStackFirewallDeploymentReconciler.class);
    private static final String TEMPLATES = "firewalltemplates";

    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;
    private final ControllerTenancy tenancy;
    private InformerEventSource<MetalStackFirewallTemplate, MetalStackFirewallDeployment> templates;

    MetalStackFirewallDeploymentReconciler(
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
    public List<EventSource<?, MetalStackFirewallDeployment>> prepareEventSources(
            EventSourceContext<MetalStackFirewallDeployment> context) {
        templates = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(
                                MetalStackFirewallTemplate.class, MetalStackFirewallDeployment.class)
                        .withName(TEMPLATES)
                        .withSecondaryToPrimaryMapper(template -> context.getPrimaryCache()
                                .list(template.getMetadata().getNamespace())
                                .filter(deployment -> usesTemplate(deployment, template))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(
                templates,
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        MetalStackCluster.class, MetalStackFirewallDeployment.class)
                                .withName("metalstackclusters")
                                .withSecondaryToPrimaryMapper(cluster -> Optional.ofNullable(
                                                cluster.getSpec().getFirewallDeploymentRef())
                                        .map(reference -> Set.of(new ResourceID(
                                                reference.getName(),
                                                cluster.getMetadata().getNamespace())))
                                        .orElse(Set.of()))
                                .build(),
                        context),
                CredentialChangeEvents.of(context, changes),
                tenancy.changes(context));
    }

    @Override
    public UpdateControl<MetalStackFirewallDeployment> reconcile(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context) {
        UpdateControl<MetalStackFirewallDeployment> control;
        try {
            control = converge(deployment, context);
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(deployment, credentials);
            control = UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                    .rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
        return StatusWrite.merging(context.getClient(), deployment, control);
    }

    private UpdateControl<MetalStackFirewallDeployment> converge(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context) {
        KubernetesClient client = context.getClient();
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        long generation = deployment.getMetadata().getGeneration();
        Optional<MetalStackCluster> cluster = referencingCluster(deployment, context);
        if (cluster.isEmpty()) {
            return waiting(
                    deployment,
                    "WaitingForMetalStackCluster",
                    "waiting for a MetalStackCluster of the namespace to name this deployment in"
                            + " spec.firewallDeploymentRef and to own it");
        }
        Optional<GenericKubernetesResource> owner = new ClusterApiObjects(client).owningCluster(cluster.get());
        if (owner.isPresent()
                && conditions.setPaused(status, generation, ClusterApiObjects.isPaused(owner.get(), deployment))) {
            return UpdateControl.patchStatus(deployment);
        }
        Optional<String> clusterId = ClusterMarks.clusterId(cluster.get());
        String nodeNetwork = cluster.get().getStatus() == null
                ? null
                : cluster.get().getStatus().getNodeNetworkID();
        if (clusterId.isEmpty() || nodeNetwork == null) {
            return waiting(
                    deployment,
                    "WaitingForNodeNetwork",
                    "waiting for MetalStackCluster " + name(cluster.get()) + " to have its node network");
        }
        String templateName = deployment.getSpec().getFirewallTemplateRef().getName();
        Optional<MetalStackFirewallTemplate> template =
                templates.get(new ResourceID(templateName, namespace(deployment)));
        if (template.isEmpty() || template.get().getSpec() == null) {
            return notReady(
                    deployment,
                    "TemplateNotFound",
                    "MetalStackFirewallTemplate " + templateName + " (spec.firewallTemplateRef.name) does not exist in"
                            + " namespace " + namespace(deployment));
        }
        Optional<String> misplaced = misplacement(template.get().getSpec(), cluster.get());
        if (misplaced.isPresent()) {
            events.warning(deployment, "InvalidTemplate", misplaced.get());
            return notReady(deployment, "InvalidTemplate", misplaced.get());
        }
        ownTemplate(client, deployment, template.get());
        recordClusterId(client, deployment, clusterId.get());

        DeploymentFirewalls firewalls = new DeploymentFirewalls(
                tenancy.metal(deployment, cluster.get().getSpec().getProjectID()), deployment, clusterId.get());
        Optional<DeploymentFirewalls.Wanted> wanted = wanted(deployment, template.get(), nodeNetwork);
        if (wanted.isEmpty()) {
            return notReady(
                    deployment,
                    "ImageNotFound",
                    "no image matches " + template.get().getSpec().getImage() + " of MetalStackFirewallTemplate "
                            + templateName);
        }
        return rollOut(deployment, client, firewalls, cluster.get(), wanted.get());
    }

    /** The MetalStackCluster whose {@code spec.firewallDeploymentRef} names this deployment and that owns it. */
    private static Optional<MetalStackCluster> referencingCluster(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context) {
        return deployment.getMetadata().getOwnerReferences().stream()
                .filter(reference -> "MetalStackCluster".equals(reference.getKind()))
                .findFirst()
                .flatMap(reference -> context.getSecondaryResources(MetalStackCluster.class).stream()
                        .filter(cluster ->
                                reference.getUid().equals(cluster.getMetadata().getUid()))
                        .findFirst());
    }

    private static boolean usesTemplate(MetalStackFirewallDeployment deployment, MetalStackFirewallTemplate template) {
        return deployment.getSpec() != null
                && deployment.getSpec().getFirewallTemplateRef() != null
                && template.getMetadata()
                        .getName()
                        .equals(deployment.getSpec().getFirewallTemplateRef().getName());
    }

    /** A template may name a partition and project (metal-stack's samples do), but only the cluster's. */
    private static Optional<String> misplacement(MetalStackFirewallTemplateSpec template, MetalStackCluster cluster) {
        if (template.getPartition() != null
                && !template.getPartition().equals(cluster.getSpec().getPartition())) {
            return Optional.of("the template's spec.partition " + template.getPartition()
                    + " is not the partition of MetalStackCluster " + name(cluster) + " ("
                    + cluster.getSpec().getPartition() + "); leave it out or make it the same");
        }
        if (template.getProject() != null
                && !template.getProject().equals(cluster.getSpec().getProjectID())) {
            return Optional.of("the template's spec.project " + template.getProject()
                    + " is not the project of MetalStackCluster " + name(cluster) + " ("
                    + cluster.getSpec().getProjectID() + "); leave it out or make it the same");
        }
        return Optional.empty();
    }

    /**
     * The image is part of what is wanted as the template writes it, so a new version published for a shorthand
     * rolls nothing out; with {@code autoUpdate.machineImage} it is the newest version the shorthand resolves to.
     */
    private Optional<DeploymentFirewalls.Wanted> wanted(
            MetalStackFirewallDeployment deployment, MetalStackFirewallTemplate template, String nodeNetwork) {
        MetalStackFirewallTemplateSpec spec = template.getSpec();
        if (!deployment.getSpec().autoUpdatesImage()) {
            return Optional.of(new DeploymentFirewalls.Wanted(spec, spec.getImage(), nodeNetwork));
        }
        return rules.lookups()
                .latestImage(spec.getImage())
                .map(Image::id)
                .map(image -> new DeploymentFirewalls.Wanted(spec, image, nodeNetwork));
    }

    /**
     * The template comes along when {@code clusterctl move} moves the deployment, as its owner reference makes it
     * part of the cluster; as in metal-stack's provider.
     */
    private static void ownTemplate(
            KubernetesClient client, MetalStackFirewallDeployment deployment, MetalStackFirewallTemplate template) {
        String uid = deployment.getMetadata().getUid();
        if (template.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()))) {
            return;
        }
        List<OwnerReference> references = new ArrayList<>(template.getMetadata().getOwnerReferences());
        references.add(ownerReference(deployment));
        client.resource(template)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of("metadata", Map.of("ownerReferences", references))));
    }

    /**
     * The cluster's id, on the deployment before anything is allocated under it: deletion finds the firewalls by it
     * even once the MetalStackCluster is gone, and it travels with {@code clusterctl move}.
     */
    private static void recordClusterId(
            KubernetesClient client, MetalStackFirewallDeployment deployment, String clusterId) {
        if (clusterId.equals(recordedClusterId(deployment).orElse(null))) {
            return;
        }
        MetalStackFirewallDeployment patched = client.resource(deployment)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of(
                                "metadata",
                                Map.of("annotations", Map.of(ClusterMarks.CLUSTER_ID_ANNOTATION, clusterId)))));
        deployment
                .getMetadata()
                .setAnnotations(new HashMap<>(patched.getMetadata().getAnnotations()));
        deployment.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
    }

    private static Optional<String> recordedClusterId(MetalStackFirewallDeployment deployment) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(ClusterMarks.CLUSTER_ID_ANNOTATION));
    }

    static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build();
    }

    /**
     * Carries out the plan for the firewalls metal-api holds: frees those that go, allocates the one of the current
     * template when it is due, records the one that serves in {@code spec.managedResourceRef}, and reports.
     */
    private UpdateControl<MetalStackFirewallDeployment> rollOut(
            MetalStackFirewallDeployment deployment,
            KubernetesClient client,
            DeploymentFirewalls firewalls,
            MetalStackCluster cluster,
            DeploymentFirewalls.Wanted wanted) {
        MetalStackFirewallDeploymentSpec spec = deployment.getSpec();
        FirewallRollout.Facts<Machine> facts = firewalls.facts();
        FirewallRollout.Plan<Machine> plan =
                FirewallRollout.plan(firewalls.find(), wanted.hash(), spec.strategyOrDefault(), facts);
        for (Machine retired : plan.retire()) {
            if (firewalls.free(retired)) {
                reportRetired(deployment, retired, plan);
            }
        }
        if (plan.create()) {
            try {
                Machine created = firewalls.allocate(cluster, wanted);
                events.normal(
                        deployment,
                        plan.active().isPresent() ? "FirewallRollout" : "FirewallAllocated",
                        "allocated firewall machine " + created.id()
                                + plan.active()
                                        .map(active -> " for the changed template; it replaces " + active.id()
                                                + " once it is ready")
                                        .orElse(""));
                LOG.info(
                        "firewall allocated namespace={} name={} machine={}",
                        namespace(deployment),
                        name(deployment),
                        created.id());
                plan = plan.withCreated(created);
            } catch (MetalApiException.Rejected refused) {
                return refused(deployment, plan, refused);
            }
        }
        plan.active()
                .ifPresent(active ->
                        recordServing(client, deployment, DeploymentFirewalls.managedResourceName(cluster, active)));
        return report(deployment, plan);
    }

    private void reportRetired(
            MetalStackFirewallDeployment deployment, Machine retired, FirewallRollout.Plan<Machine> plan) {
        String reason;
        String message;
        if (MachineReadiness.isReady(retired) && plan.active().isPresent()) {
            reason = "FirewallReplaced";
            message = "firewall " + plan.active().get().id() + " is ready; freed " + retired.id();
        } else if (plan.recreating()) {
            reason = "FirewallRecreating";
            message = "freed firewall " + retired.id() + " before its replacement is allocated (strategy Recreate)";
        } else {
            reason = "FirewallRetired";
            message = "freed firewall " + retired.id() + ", made from a template the deployment no longer asks for";
        }
        events.normal(deployment, reason, message);
        LOG.info(
                "firewall freed namespace={} name={} machine={} reason={}",
                namespace(deployment),
                name(deployment),
                retired.id(),
                reason);
    }

    /** One merge patch of the spec, and only when the firewall that serves changed. */
    private static void recordServing(KubernetesClient client, MetalStackFirewallDeployment deployment, String name) {
        if (deployment.getSpec().getManagedResourceRef() != null
                && name.equals(deployment.getSpec().getManagedResourceRef().getName())) {
            return;
        }
        MetalStackFirewallDeployment patched = client.resource(deployment)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"managedResourceRef\":{\"name\":\"" + name + "\"}}}");
        deployment.getSpec().setManagedResourceRef(patched.getSpec().getManagedResourceRef());
        deployment.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
        deployment.getMetadata().setGeneration(patched.getMetadata().getGeneration());
    }

    private UpdateControl<MetalStackFirewallDeployment> report(
            MetalStackFirewallDeployment deployment, FirewallRollout.Plan<Machine> plan) {
        reportReady(deployment, plan);
        Duration recheck = reportRollout(deployment, plan);
        Optional<Machine> active = plan.active();
        Optional<Machine> pending = plan.pending();
        Duration provisioning = active.or(() -> pending)
                .filter(machine -> !MachineReadiness.isReady(machine) || pending.isPresent())
                .map(machine -> delays.since(machine.allocation().created()))
                .orElse(LIVELINESS_CHECK);
        return UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                .rescheduleAfter(recheck == null || provisioning.compareTo(recheck) < 0 ? provisioning : recheck);
    }

    /** The Ready condition and the active and pending firewall of the status. */
    private void reportReady(MetalStackFirewallDeployment deployment, FirewallRollout.Plan<Machine> plan) {
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        long generation = deployment.getMetadata().getGeneration();
        Optional<Machine> active = plan.active();
        Optional<Machine> pending = plan.pending();
        status.setActiveFirewall(active.map(Machine::id).orElse(null));
        status.setPendingFirewall(pending.map(Machine::id).orElse(null));
        boolean ready = active.map(MachineReadiness::isReady).orElse(false);
        boolean wasReady = status.isReady();
        status.setReady(ready);
        if (ready) {
            Initialization initialization = new Initialization();
            initialization.setProvisioned(true);
            status.setInitialization(initialization);
            conditions.set(
                    status,
                    generation,
                    Conditions.READY,
                    true,
                    "FirewallReady",
                    "firewall " + active.get().id() + " phoned home and is alive");
            if (!wasReady) {
                events.normal(
                        deployment, "FirewallReady", "firewall " + active.get().id() + " phoned home");
            }
        } else {
            conditions.set(
                    status,
                    generation,
                    Conditions.READY,
                    false,
                    "FirewallProvisioning",
                    active.or(() -> pending).map(MachineReadiness::describe).orElse("no firewall allocated yet"));
        }
    }

    /**
     * The FirewallUpToDate condition, as an XCluster reports it: whether the active firewall is of the current
     * template and, while it is not, what the rollout waits for. Returns when the progress deadline runs out, or null.
     */
    private Duration reportRollout(MetalStackFirewallDeployment deployment, FirewallRollout.Plan<Machine> plan) {
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        long generation = deployment.getMetadata().getGeneration();
        if (plan.recreating() || plan.active().isEmpty() && plan.pending().isPresent()) {
            conditions.set(
                    status,
                    generation,
                    UP_TO_DATE,
                    false,
                    "Recreating",
                    "the old firewall is freed before its replacement is allocated (strategy Recreate); the node"
                            + " network is unprotected until the new one is ready");
            return null;
        }
        if (plan.pending().isEmpty()) {
            conditions.set(
                    status,
                    generation,
                    UP_TO_DATE,
                    plan.active().isPresent(),
                    plan.active().isPresent() ? "UpToDate" : "NoFirewall",
                    plan.active()
                            .map(f -> "firewall " + f.id() + " runs the current template")
                            .orElse("no firewall allocated yet"));
            return null;
        }
        Machine active = plan.active().get();
        Machine pending = plan.pending().get();
        Duration deadline = deployment.getSpec().progressDeadlineOrDefault();
        Duration left = pending.allocation().created() == null
                ? deadline
                : delays.left(pending.allocation().created(), deadline);
        if (left.isNegative() || left.isZero()) {
            String message = "firewall " + pending.id() + " is not ready after " + deadline.toSeconds()
                    + " s (spec.progressDeadlineSeconds); " + active.id() + " keeps serving. "
                    + MachineReadiness.describe(pending) + ". Revert the template to cancel the rollout";
            if (!"ProgressDeadlineExceeded".equals(Conditions.reasonOf(status, UP_TO_DATE))) {
                events.warning(deployment, "ProgressDeadlineExceeded", message);
            }
            conditions.set(status, generation, UP_TO_DATE, false, "ProgressDeadlineExceeded", message);
            return null;
        }
        conditions.set(
                status,
                generation,
                UP_TO_DATE,
                false,
                "RollingOut",
                "firewall " + pending.id() + " replaces " + active.id() + " once it is ready; "
                        + MachineReadiness.describe(pending));
        return left;
    }

    /** metal-api refused the allocation: with a firewall serving, a RollingUpdate found no spare machine. */
    private UpdateControl<MetalStackFirewallDeployment> refused(
            MetalStackFirewallDeployment deployment,
            FirewallRollout.Plan<Machine> plan,
            MetalApiException.Rejected refused) {
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        long generation = deployment.getMetadata().getGeneration();
        String reason = StatusMessages.refusalReason(refused);
        events.warning(deployment, reason, refused.getMessage());
        if (plan.active().isEmpty()) {
            status.setReady(false);
            conditions.set(status, generation, Conditions.READY, false, reason, refused.getMessage());
            return UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                    .rescheduleAfter(REFUSED_RECHECK);
        }
        reportReady(deployment, plan);
        conditions.set(
                status,
                generation,
                UP_TO_DATE,
                false,
                refused.noMachineAvailable() ? "NoSpareMachine" : reason,
                (refused.noMachineAvailable()
                                ? "RollingUpdate needs a free machine of the template's size beside the running"
                                        + " firewall, and there is none; "
                                        + plan.active().get().id()
                                        + " keeps serving. Free a machine, or set spec.strategy to Recreate. "
                                : plan.active().get().id() + " keeps serving. ")
                        + refused.getMessage());
        return UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                .rescheduleAfter(REFUSED_RECHECK);
    }

    private UpdateControl<MetalStackFirewallDeployment> waiting(
            MetalStackFirewallDeployment deployment, String reason, String message) {
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        status.setReady(false);
        conditions.set(status, deployment.getMetadata().getGeneration(), Conditions.READY, false, reason, message);
        return UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                .rescheduleAfter(MetalStackClusterReconciler.OWNER_RECHECK);
    }

    private UpdateControl<MetalStackFirewallDeployment> notReady(
            MetalStackFirewallDeployment deployment, String reason, String message) {
        MetalStackFirewallDeploymentStatus status = statusOf(deployment);
        status.setReady(false);
        conditions.set(status, deployment.getMetadata().getGeneration(), Conditions.READY, false, reason, message);
        return UpdateControl.<MetalStackFirewallDeployment>patchStatus(deployment)
                .rescheduleAfter(MetalStackClusterReconciler.INVALID_RECHECK);
    }

    @Override
    public DeleteControl cleanup(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context) {
        return CleanupStatus.reported(
                context.getClient(), deployment, this::markNotReady, () -> release(deployment, context));
    }

    /**
     * The firewall goes last: while machines of the cluster run in its node network, freeing it would cut them off;
     * so this waits for them, then frees every firewall the deployment allocated, and only those.
     */
    private DeleteControl release(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context) {
        Optional<String> clusterId = recordedClusterId(deployment);
        if (clusterId.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        Optional<MetalStackCluster> infrastructure = referencingCluster(deployment, context);
        Optional<GenericKubernetesResource> owner =
                infrastructure.flatMap(cluster -> new ClusterApiObjects(context.getClient()).owningCluster(cluster));
        if (owner.map(c -> ClusterApiObjects.isPaused(c, deployment)).orElse(false)
                || ClusterApiObjects.hasPausedAnnotation(deployment)) {
            conditions.setPaused(statusOf(deployment), deployment.getMetadata().getGeneration(), true);
            CleanupStatus.patch(context.getClient(), deployment);
            return DeleteControl.noFinalizerRemoval();
        }
        if (DeletionPolicy.of(deployment, infrastructure) == DeletionPolicy.ORPHAN) {
            String firewall = Optional.ofNullable(deployment.getStatus())
                    .map(MetalStackFirewallDeploymentStatus::getActiveFirewall)
                    .orElse("(none allocated)");
            return CleanupStatus.orphaned(
                    events,
                    deployment,
                    DeletionPolicy.whyKept(deployment, infrastructure),
                    "firewall " + firewall + " stays in metal-api");
        }
        MetalApi metal = tenancy.metal(
                deployment,
                infrastructure.map(cluster -> cluster.getSpec().getProjectID()).orElse(null));
        long machines = metal
                .findMachines(new MachineQuery(null, null, null, List.of(ClusterMarks.clusterTag(clusterId.get()))))
                .stream()
                .filter(machine -> !isFirewall(machine))
                .count();
        if (machines > 0) {
            MetalStackFirewallDeploymentStatus status = statusOf(deployment);
            conditions.set(
                    status,
                    deployment.getMetadata().getGeneration(),
                    Conditions.READY,
                    status.isReady(),
                    "Deleting",
                    "the firewall is freed once the " + machines + " machines of the cluster are");
            CleanupStatus.patch(context.getClient(), deployment);
            return DeleteControl.noFinalizerRemoval()
                    .rescheduleAfter(
                            delays.since(Instant.parse(deployment.getMetadata().getDeletionTimestamp()))
                                    .toMillis());
        }
        DeploymentFirewalls firewalls = new DeploymentFirewalls(metal, deployment, clusterId.get());
        for (Machine firewall : firewalls.find()) {
            if (firewalls.free(firewall)) {
                events.normal(deployment, "FirewallFreed", "freed firewall " + firewall.id());
                LOG.info(
                        "firewall freed namespace={} name={} machine={}",
                        namespace(deployment),
                        name(deployment),
                        firewall.id());
            }
        }
        return DeleteControl.defaultDelete();
    }

    static boolean isFirewall(Machine machine) {
        return machine.allocation() != null
                && "firewall".equals(machine.allocation().role());
    }

    @Override
    public ErrorStatusUpdateControl<MetalStackFirewallDeployment> updateErrorStatus(
            MetalStackFirewallDeployment deployment, Context<MetalStackFirewallDeployment> context, Exception e) {
        if (StatusMessages.isShutdown(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        markNotReady(deployment, e);
        StatusWrite.merge(context.getClient(), deployment);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void markNotReady(MetalStackFirewallDeployment deployment, Exception e) {
        conditions.notReady(statusOf(deployment), deployment.getMetadata().getGeneration(), e);
        events.warning(deployment, StatusMessages.reason(e), StatusMessages.of(e));
    }

    private static MetalStackFirewallDeploymentStatus statusOf(MetalStackFirewallDeployment deployment) {
        if (deployment.getStatus() == null) {
            deployment.setStatus(new MetalStackFirewallDeploymentStatus());
        }
        return deployment.getStatus();
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    private static String namespace(HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }
}

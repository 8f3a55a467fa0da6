package io.github.xcluster.reconcile;

import io.github.xcluster.api.DeletionPolicy;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.XFirewallSpec;
import io.github.xcluster.api.XFirewallStatus;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MachineQuery;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.rules.Denial;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an XFirewall a metal-stack firewall machine, reports its provisioning and frees it on
 * deletion. The machine carries a tag with the XFirewall's UID, so it is found, not allocated
 * again, after a restart.
 */
@ControllerConfiguration(name = "xfirewall", finalizerName = XFirewall.FINALIZER)
public final class XFirewallReconciler implements Reconciler<XFirewall>, Cleaner<XFirewall> {
    static final String ALLOCATED = "Allocated";
    static final String PROVISIONED = "Provisioned";
    /** A refused allocation is tried again this often: a machine may be freed, the spec or metal-api fixed. */
    static final Duration REFUSED_RECHECK = Duration.ofSeconds(30);
    /** Once ready, liveliness is looked at again this often. */
    static final Duration LIVELINESS_CHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(XFirewallReconciler.class);

    private final MetalApiChanges changes;
    private final SpecRules rules;
    private final EventRecorder events;
    private final Conditions conditions;
    private final Delays delays;
    private final ControllerTenancy tenancy;
    private final FirewallReadinessMetric readiness;
    private final TrustedFindings<Verdict> checkedSpecs;

    XFirewallReconciler(
            MetalApiChanges changes,
            SpecRules rules,
            EventRecorder events,
            Conditions conditions,
            Delays delays,
            FirewallReadinessMetric readiness,
            ControllerTenancy tenancy,
            TrustedFindings<Verdict> checkedSpecs) {
        this.changes = changes;
        this.rules = rules;
        this.events = events;
        this.conditions = conditions;
        this.delays = delays;
        this.tenancy = tenancy;
        this.readiness = readiness;
        this.checkedSpecs = checkedSpecs;
    }

    @Override
    public List<EventSource<?, XFirewall>> prepareEventSources(EventSourceContext<XFirewall> context) {
        return List.of(CredentialChangeEvents.of(context, changes), tenancy.changes(context));
    }

    @Override
    public UpdateControl<XFirewall> reconcile(XFirewall firewall, Context<XFirewall> context) {
        UpdateControl<XFirewall> control;
        try {
            control = converge(firewall);
        } catch (MetalApiException.NotConfigured | MetalApiException.Unauthorized credentials) {
            markNotReady(firewall, credentials);
            control = UpdateControl.patchStatus(firewall).rescheduleAfter(CredentialChangeEvents.RECHECK);
        }
        readiness.record(firewall);
        return StatusWrite.replacing(context.getClient(), firewall, control);
    }

    /** Neither allocated nor ready, for a reason the user has to fix. */
    private UpdateControl<XFirewall> refused(
            XFirewall firewall, XFirewallStatus status, long generation, String reason, String message) {
        conditions.set(status, generation, ALLOCATED, false, reason, message);
        conditions.set(status, generation, Conditions.READY, false, reason, message);
        status.setReady(false);
        events.warning(firewall, reason, message);
        return UpdateControl.patchStatus(firewall);
    }

    /**
     * The spec against metal-api, once per generation and ten minutes: each status change of the machine's
     * provisioning reconciles again, and the lookups' own cache holds seconds, not the minutes a 1,000-cluster
     * rollout takes. A refused spec is checked again at every reconcile, so a fix in metal-api shows at once.
     */
    private Verdict check(XFirewall firewall) {
        Verdict verdict = rules.checkForReconcile(firewall.getSpec());
        if (verdict.allowed()) {
            checkedSpecs.found(firewall, verdict);
        }
        return verdict;
    }

    private UpdateControl<XFirewall> converge(XFirewall firewall) {
        XFirewallStatus status = statusOf(firewall);
        long generation = firewall.getMetadata().getGeneration();
        Optional<String> unbound = firewall.getSpec() == null
                ? Optional.empty()
                : tenancy.refusal(firewall, firewall.getSpec().getProjectID());
        if (unbound.isPresent()) {
            return refused(firewall, status, generation, ControllerTenancy.NOT_BOUND, unbound.get());
        }
        Verdict verdict = firewall.getSpec() == null
                ? new Verdict(List.of(new Denial("spec", "is required")), List.of())
                : checkedSpecs.recent(firewall).orElseGet(() -> check(firewall));
        if (!verdict.allowed()) {
            return refused(firewall, status, generation, "InvalidSpec", verdict.message());
        }
        Machine machine;
        try {
            machine = findOrAllocate(firewall);
        } catch (MetalApiException.Rejected refused) {
            String reason = StatusMessages.refusalReason(refused);
            conditions.set(status, generation, ALLOCATED, false, reason, refused.getMessage());
            conditions.set(status, generation, Conditions.READY, false, reason, refused.getMessage());
            status.setReady(false);
            events.warning(firewall, reason, refused.getMessage());
            return UpdateControl.patchStatus(firewall).rescheduleAfter(REFUSED_RECHECK);
        }
        status.setMachineID(machine.id());
        status.setLastEvent(machine.lastEvent());
        status.setLiveliness(machine.liveliness());
        conditions.set(
                status,
                generation,
                ALLOCATED,
                true,
                "Allocated",
                "machine " + machine.id() + " is allocated as firewall");
        boolean wasReady = status.isReady();
        boolean ready = MachineReadiness.isReady(machine);
        status.setReady(ready);
        if (ready) {
            conditions.set(
                    status,
                    generation,
                    PROVISIONED,
                    true,
                    "PhonedHome",
                    "machine " + machine.id() + " phoned home and is alive");
            conditions.set(
                    status,
                    generation,
                    Conditions.READY,
                    true,
                    "FirewallReady",
                    "firewall machine " + machine.id() + " is ready");
            if (!wasReady) {
                events.normal(firewall, "FirewallReady", "firewall machine " + machine.id() + " phoned home");
                LOG.info(
                        "firewall ready namespace={} name={} machine={}",
                        namespace(firewall),
                        name(firewall),
                        machine.id());
            }
            return UpdateControl.patchStatus(firewall).rescheduleAfter(LIVELINESS_CHECK);
        }
        String why = MachineReadiness.describe(machine);
        conditions.set(status, generation, PROVISIONED, false, "Provisioning", why);
        conditions.set(status, generation, Conditions.READY, false, "Provisioning", why);
        Duration recheck = delays.since(
                machine.allocation() == null ? null : machine.allocation().created());
        return UpdateControl.patchStatus(firewall).rescheduleAfter(recheck);
    }

    private Machine findOrAllocate(XFirewall firewall) {
        XFirewallSpec spec = firewall.getSpec();
        String tag = OwnerMarks.firewallTag(firewall);
        MetalApi metal = tenancy.metal(firewall, spec.getProjectID());
        List<Machine> found =
                metal.findFirewalls(new MachineQuery(spec.getProjectID(), spec.getPartitionID(), null, List.of(tag)));
        if (!found.isEmpty()) {
            if (found.size() > 1) {
                LOG.warn(
                        "several firewalls carry tag={}; using machine={}",
                        tag,
                        found.get(0).id());
            }
            return found.get(0);
        }
        String name = name(firewall);
        Machine machine = metal.allocateFirewall(
                new MachineAllocationRequest(
                        name,
                        name + "-firewall",
                        "firewall of " + namespace(firewall) + "/" + name,
                        spec.getProjectID(),
                        spec.getPartitionID(),
                        spec.getSize(),
                        spec.getImage(),
                        spec.getMachineID(),
                        List.of(spec.getDefaultNetworkID(), spec.getPrivateNetworkID()),
                        List.of(tag),
                        spec.getSshPublicKeys(),
                        null,
                        List.of(),
                        List.of()),
                FirewallRuleMapping.of(spec.getInitialRuleSet()));
        events.normal(firewall, "FirewallAllocated", "allocated machine " + machine.id() + " as firewall");
        LOG.info("firewall allocated namespace={} name={} machine={}", namespace(firewall), name, machine.id());
        return machine;
    }

    @Override
    public DeleteControl cleanup(XFirewall firewall, Context<XFirewall> context) {
        return CleanupStatus.reported(context.getClient(), firewall, this::markNotReady, () -> release(firewall));
    }

    private DeleteControl release(XFirewall firewall) {
        readiness.forget(firewall);
        checkedSpecs.forget(firewall);
        XFirewallSpec spec = firewall.getSpec();
        if (spec == null || spec.getProjectID() == null || spec.getPartitionID() == null) {
            return DeleteControl.defaultDelete();
        }
        if (DeletionPolicy.of(firewall) == DeletionPolicy.ORPHAN) {
            String machine = Optional.ofNullable(firewall.getStatus())
                    .map(XFirewallStatus::getMachineID)
                    .orElse("(none allocated)");
            return CleanupStatus.orphaned(
                    events,
                    firewall,
                    DeletionPolicy.whyKept(firewall),
                    "firewall machine " + machine + " stays in metal-api");
        }
        MetalApi metal = tenancy.metal(firewall, spec.getProjectID());
        List<Machine> mine = metal.findFirewalls(new MachineQuery(
                spec.getProjectID(), spec.getPartitionID(), null, List.of(OwnerMarks.firewallTag(firewall))));
        for (Machine machine : mine) {
            try {
                metal.freeMachine(machine.id());
                events.normal(firewall, "MachineFreed", "freed firewall machine " + machine.id());
                LOG.info(
                        "firewall freed namespace={} name={} machine={}",
                        namespace(firewall),
                        name(firewall),
                        machine.id());
            } catch (MetalApiException.NotFound alreadyGone) {
                LOG.info("firewall machine already gone machine={}", machine.id());
            }
        }
        return DeleteControl.defaultDelete();
    }

    @Override
    public ErrorStatusUpdateControl<XFirewall> updateErrorStatus(
            XFirewall firewall, Context<XFirewall> context, Exception e) {
        if (StatusMessages.isShutdown(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        markNotReady(firewall, e);
        StatusWrite.replace(context.getClient(), firewall);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void markNotReady(XFirewall firewall, Exception e) {
        conditions.notReady(statusOf(firewall), firewall.getMetadata().getGeneration(), e);
        events.warning(firewall, StatusMessages.reason(e), StatusMessages.of(e));
        readiness.record(firewall);
    }

    private static XFirewallStatus statusOf(XFirewall firewall) {
        if (firewall.getStatus() == null) {
            firewall.setStatus(new XFirewallStatus());
        }
        return firewall.getStatus();
    }

    private static String name(XFirewall firewall) {
        return firewall.getMetadata().getName();
    }

    private static String namespace(XFirewall firewall) {
        return firewall.getMetadata().getNamespace();
    }
}

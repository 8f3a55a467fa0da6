package io.github.xcluster.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.rules.Verdict;
import io.github.xcluster.tenancy.TenantMetalApis;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the operator with the XCluster and XFirewall controllers, and the Cluster API ones where Cluster API core is
 * installed; the caller starts and stops it.
 */
public final class XClusterOperator {
    private static final Logger LOG = LoggerFactory.getLogger(XClusterOperator.class);
    /**
     * How long the shared rules remember a metal-api answer for the controllers. A refresh runs on the reconciling
     * thread, which is waiting for metal-api anyway.
     */
    private static final Duration RULES_CACHE_TTL = Duration.ofSeconds(10);

    private XClusterOperator() {}

    /**
     * @param changes when to reconcile everything again because metal-api's credentials changed
     * @param metal the operator's own credentials, for the lookups of the spec rules
     * @param tenants which projects each namespace's objects may use, and with whose credentials
     */
    public static Operator create(
            KubernetesClient client,
            MetalApi metal,
            MetalApiChanges changes,
            TenantMetalApis tenants,
            ControllerSettings settings,
            Clock clock) {
        return create(client, metal, changes, tenants, settings, clock, metalApiRetry());
    }

    /** With another retry than {@link #metalApiRetry()}, e.g. one fast enough for a test to fail often. */
    static Operator create(
            KubernetesClient client,
            MetalApi metal,
            MetalApiChanges changes,
            TenantMetalApis tenants,
            ControllerSettings settings,
            Clock clock,
            GenericRetry retry) {
        Operator operator = new Operator(overrider -> {
            overrider
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads());
            settings.metrics()
                    .ifPresent(
                            registry -> overrider.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry)));
            settings.leaderElection()
                    .ifPresent(election -> overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                            election.leaseName(),
                            election.leaseNamespace(),
                            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                            null,
                            null,
                            election.exitOnLoss())));
        });
        EventRecorder events = new EventRecorder(client, clock);
        Conditions conditions = new Conditions(clock);
        Delays delays = new Delays(clock);
        ControllerTenancy tenancy = new ControllerTenancy(tenants);
        SpecRules rules = new SpecRules(
                new CachingMetalLookups(metal, clock, RULES_CACHE_TTL, Runnable::run).forgettingOn(changes),
                FirewallDefaults.none(),
                clock);
        operator.register(
                new XClusterReconciler(
                        changes, rules, events, conditions, delays, tenancy, new TrustedFindings<>(clock)),
                overrides -> configure(overrides, settings, retry));
        operator.register(
                new XFirewallReconciler(
                        changes,
                        rules,
                        events,
                        conditions,
                        delays,
                        new FirewallReadinessMetric(settings.metrics().orElseGet(CompositeMeterRegistry::new)),
                        tenancy,
                        new TrustedFindings<Verdict>(clock).forgettingOn(changes)),
                overrides -> configure(overrides, settings, retry));
        if (ClusterApiObjects.isInstalled(client)) {
            operator.register(
                    new MetalStackClusterReconciler(changes, rules, events, conditions, delays, tenancy),
                    overrides -> configure(overrides, settings, retry));
            operator.register(
                    new MetalStackMachineReconciler(changes, rules, events, conditions, delays, tenancy),
                    overrides -> configure(overrides, settings, retry));
            operator.register(
                    new MetalStackFirewallDeploymentReconciler(changes, rules, events, conditions, delays, tenancy),
                    overrides -> configure(overrides, settings, retry));
        } else {
            LOG.info(
                    "Cluster API core ({}/{}) is not served here; the MetalStackCluster, MetalStackMachine and"
                            + " MetalStackFirewallDeployment controllers are off until the operator restarts with it"
                            + " installed",
                    ClusterApiObjects.CORE_GROUP,
                    ClusterApiObjects.CORE_VERSION);
        }
        return operator;
    }

    private static void configure(
            ControllerConfigurationOverrider<?> overrides, ControllerSettings settings, GenericRetry retry) {
        overrides.withRetry(retry);
        if (!settings.watchNamespaces().isEmpty()) {
            overrides.settingNamespaces(settings.watchNamespaces());
        }
    }

    /** Failed reconciliations wait 1 s, doubling to at most 1 min, and never give up. */
    static GenericRetry metalApiRetry() {
        return new GenericRetry()
                .setInitialInterval(Duration.ofSeconds(1))
                .setIntervalMultiplier(2)
                .setMaxInterval(Duration.ofMinutes(1).toMillis())
                .setMaxAttempts(Integer.MAX_VALUE);
    }
}

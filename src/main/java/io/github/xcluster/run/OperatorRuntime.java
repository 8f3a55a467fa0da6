package io.github.xcluster.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApiConnection;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.reconcile.XClusterOperator;
import io.github.xcluster.tenancy.ProjectGrants;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.tenancy.TenantMetalApis;
import io.github.xcluster.webhook.MetalStackClusters;
import io.github.xcluster.webhook.WebhookServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running operator: the admission webhooks and the controllers start side by side (start-up
 * is mostly class loading and waiting on the API server), then health and metrics endpoints.
 */
public final class OperatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
    private static final Executor WEBHOOKS_STARTER = starter("webhook-server-start");
    /** The self-signed certificate alone (class loading, key generation) took longer than the controllers' start. */
    private static final Executor METRICS_STARTER = starter("metrics-server-start");

    private final Vertx vertx;
    private final CredentialRefresh credentials;
    private final Operator operator;
    private final Optional<WebhookServer> webhooks;
    private final ProbeServer health;
    private final ProbeServer metrics;
    private final TenantMetalApis tenants;
    private final JvmMeters jvmMeters;

    private OperatorRuntime(
            Vertx vertx,
            JvmMeters jvmMeters,
            TenantMetalApis tenants,
            CredentialRefresh credentials,
            Operator operator,
            Optional<WebhookServer> webhooks,
            ProbeServer health,
            ProbeServer metrics) {
        this.vertx = vertx;
        this.jvmMeters = jvmMeters;
        this.tenants = tenants;
        this.credentials = credentials;
        this.operator = operator;
        this.webhooks = webhooks;
        this.health = health;
        this.metrics = metrics;
    }

    /**
     * @param client may still be under construction (kubeconfig, HTTP client: half a second); the
     *     webhook server, which needs none of it, starts meanwhile. The caller closes it.
     */
    public static OperatorRuntime start(
            OperatorSettings settings, CompletableFuture<KubernetesClient> client, Clock clock) {
        long started = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvmMeters = JvmMeters.bindTo(registry);
        MetalApiConnection metal = new MetalApiConnection(config -> HttpMetalApi.connect(config, registry));
        CredentialRefresh credentials = CredentialRefresh.start(settings.metal(), metal, CredentialRefresh.INTERVAL);
        CompletableFuture<ProjectGrants> grants = client.thenApply(
                kubernetes -> ProjectGrants.of(settings.tenancy().mode(), kubernetes));
        CompletableFuture<TenantMetalApis> tenants = grants.thenCombine(
                client,
                (bindings, kubernetes) -> TenantMetalApis.of(
                        settings.tenancy(),
                        kubernetes,
                        bindings,
                        metal,
                        config -> HttpMetalApi.connect(config, registry)));
        TenantChecks tenantChecks = new TenantChecks(() -> await(grants), client::join);
        CompletableFuture<Optional<WebhookServer>> webhooksStarting = CompletableFuture.supplyAsync(
                () -> settings.webhooks()
                        .map(webhook -> WebhookServer.start(
                                vertx,
                                webhook,
                                metal,
                                metal,
                                clock,
                                registry,
                                MetalStackClusters.in(client::join),
                                tenantChecks)),
                WEBHOOKS_STARTER);
        CompletableFuture<ProbeServer> metricsStarting = CompletableFuture.supplyAsync(
                () -> ProbeServer.metrics(vertx, settings.metrics(), registry, new MetricsAccess(client::join, clock)),
                METRICS_STARTER);
        ControllerSettings controllers = settings.controllers();
        Operator operator;
        try {
            operator = XClusterOperator.create(
                    await(client),
                    metal,
                    metal,
                    await(tenants),
                    new ControllerSettings(
                            controllers.watchNamespaces(),
                            controllers.leaderElection(),
                            controllers.reconcileThreads(),
                            Optional.of(registry)),
                    clock);
        } catch (RuntimeException e) {
            abandon(webhooksStarting, metricsStarting, vertx);
            closeTenancy(grants, tenants);
            credentials.close();
            jvmMeters.close();
            throw e;
        }
        Optional<WebhookServer> webhooks;
        ProbeServer metrics;
        TenantMetalApis tenantApis;
        try {
            operator.start();
            webhooks = await(webhooksStarting);
            metrics = await(metricsStarting);
            tenantApis = await(tenants);
        } catch (RuntimeException e) {
            operator.stop();
            abandon(webhooksStarting, metricsStarting, vertx);
            closeTenancy(grants, tenants);
            credentials.close();
            jvmMeters.close();
            throw e;
        }
        ProbeServer health = ProbeServer.health(
                vertx, settings.healthAddress(), settings.healthPort(), new Readiness(operator, metal)::report);
        LOG.info(
                "operator started metalApi={} webhookPort={} healthPort={} metricsPort={} startupMillis={}",
                metal.state().kind(),
                webhooks.map(WebhookServer::port).orElse(-1),
                health.port(),
                metrics.port(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new OperatorRuntime(vertx, jvmMeters, tenantApis, credentials, operator, webhooks, health, metrics);
    }

    private static Executor starter(String threadName) {
        return task -> new Thread(task, threadName).start();
    }

    /** A start that failed half way leaves no webhook or metrics server listening. */
    private static void abandon(
            CompletableFuture<Optional<WebhookServer>> webhooksStarting,
            CompletableFuture<ProbeServer> metricsStarting,
            Vertx vertx) {
        webhooksStarting.thenAccept(server -> server.ifPresent(WebhookServer::close));
        metricsStarting.thenAccept(ProbeServer::close);
        vertx.close();
    }

    /** The bindings are closed with the tenants' credentials that own them, or alone when those never came. */
    private static void closeTenancy(
            CompletableFuture<ProjectGrants> grants, CompletableFuture<TenantMetalApis> tenants) {
        tenants.whenComplete((apis, failed) -> {
            if (apis != null) {
                apis.close();
            } else {
                grants.thenAccept(ProjectGrants::close);
            }
        });
    }

    /** The starting thing's own exception (e.g. no webhook certificate), not the future's wrapper. */
    private static <T> T await(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    public int webhookPort() {
        return webhooks.orElseThrow(() -> new IllegalStateException("webhooks are disabled"))
                .port();
    }

    public int healthPort() {
        return health.port();
    }

    public int metricsPort() {
        return metrics.port();
    }

    @Override
    public void close() {
        credentials.close();
        operator.stop();
        webhooks.ifPresent(WebhookServer::close);
        health.close();
        metrics.close();
        tenants.close();
        jvmMeters.close();
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }
}

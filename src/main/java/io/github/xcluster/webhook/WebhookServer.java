package io.github.xcluster.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.api.capi.InfrastructureKinds;
import io.github.xcluster.api.capi.MetalStackCluster;
import io.github.xcluster.api.capi.MetalStackClusterTemplate;
import io.github.xcluster.api.capi.MetalStackFirewallTemplate;
import io.github.xcluster.api.capi.MetalStackMachine;
import io.github.xcluster.api.capi.MetalStackMachineTemplate;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.DaemonThreads;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.tenancy.ProjectUsage;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.tenancy.TenantChecks.Demand;
import io.github.xcluster.webhook.tls.CertificateFiles;
import io.github.xcluster.webhook.tls.CertificateReloader;
import io.github.xcluster.webhook.tls.ServerTls;
import io.github.xcluster.webhook.tls.ServingCertificate;
import io.github.xcluster.webhook.tls.UnusableCertificateException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server that carries the admission webhooks of XCluster, XFirewall and the Cluster API kinds (paths in
 * {@link WebhookPaths}), with certificates from disk that are reloaded when they rotate.
 */
public final class WebhookServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    static final String CERTIFICATE_EXPIRY = "xcluster.webhook.certificate.expiry.timestamp";
    static final String REVIEWS_IN_FLIGHT = "xcluster.webhook.reviews.in.flight";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ExecutorService workers;
    private final SpecRules rules;
    private final HttpServer server;
    private final CertificateReloader reloader;
    private final CertificateFiles certificates;

    private WebhookServer(
            Vertx vertx,
            boolean ownsVertx,
            ExecutorService workers,
            SpecRules rules,
            HttpServer server,
            CertificateReloader reloader,
            CertificateFiles certificates) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.workers = workers;
        this.rules = rules;
        this.server = server;
        this.reloader = reloader;
        this.certificates = certificates;
    }

    /**
     * Starts serving and returns once the port is bound.
     *
     * @param vertx the Vert.x instance to run on, or null to make (and later close) one
     * @param metalApi what admissions ask; the server caches its reads for {@link
     *     WebhookSettings#cacheTtl()}
     * @throws IllegalStateException when no certificate is found or the port cannot be bound
     * @param registry gets the admission outcomes and the serving certificate's expiry
     * @param clusters where a MetalStackMachine's validator finds the partition and project of its cluster
     * @param tenants which projects a namespace may use, and how much of them
     * @throws UnusableCertificateException when the certificate files cannot be read, do not fit together or
     *     hold a certificate Java refuses
     */
    public static WebhookServer start(
            Vertx vertx,
            WebhookSettings settings,
            MetalApi metalApi,
            MetalApiChanges changes,
            Clock clock,
            MeterRegistry registry,
            MetalStackClusters clusters,
            TenantChecks tenants) {
        CertificateFiles files =
                settings.certificates().orElseGet(() -> CertificateFiles.firstExisting(CertificateFiles.KNOWN_LAYOUTS));
        boolean ownsVertx = vertx == null;
        Vertx runOn = ownsVertx ? Vertx.vertx() : vertx;
        CertificateReloader reloader = new CertificateReloader(runOn, files);
        ServingCertificate certificate;
        try {
            certificate = reloader.load();
        } catch (IOException e) {
            if (ownsVertx) {
                runOn.close();
            }
            throw new UnusableCertificateException("cannot serve the webhook certificate: " + e.getMessage(), e);
        }
        ExecutorService workers = DaemonThreads.fixedPool("webhook-admission", settings.workerThreads());
        SpecRules rules = new SpecRules(
                new CachingMetalLookups(metalApi, clock, settings.cacheTtl(), workers)
                        .forgettingOn(changes)
                        .countingInto(registry),
                settings.firewallDefaults(),
                clock);
        HttpServerOptions options = ServerTls.options(certificate)
                .setPort(settings.port())
                .setHost("0.0.0.0")
                .setIdleTimeout((int) settings.limits().idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        HttpServer server = runOn.createHttpServer(options);
        ReviewAdmittance admittance = new ReviewAdmittance(runOn, settings.limits());
        try {
            Router router = router(runOn, endpoints(settings, rules, clusters, tenants, workers, registry), admittance);
            server.connectionHandler(admittance::connected)
                    .requestHandler(request -> admittance.requested(request, router))
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException bindFailed) {
            workers.shutdownNow();
            rules.close();
            if (ownsVertx) {
                runOn.close();
            }
            if (bindFailed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "webhook server cannot listen on port " + settings.port() + ": " + bindFailed.getMessage(),
                    bindFailed);
        }
        reloader.start(server, settings.certificateCheckInterval());
        Gauge.builder(REVIEWS_IN_FLIGHT, admittance, ReviewAdmittance::inFlight)
                .description("Admission reviews being read or answered now; more wait unread")
                .register(registry);
        Gauge.builder(
                        CERTIFICATE_EXPIRY,
                        reloader,
                        served -> served.servedNotAfter().getEpochSecond())
                .description("When the webhook serving certificate in use expires, as Unix time")
                .baseUnit("seconds")
                .register(registry);
        LOG.info(
                "webhook server listening port={} certificate={} failOpen={} deadline={}",
                server.actualPort(),
                files.certificate(),
                settings.failOpen(),
                settings.deadline());
        return new WebhookServer(runOn, ownsVertx, workers, rules, server, reloader, files);
    }

    public int port() {
        return server.actualPort();
    }

    public CertificateFiles certificates() {
        return certificates;
    }

    @Override
    public void close() {
        reloader.close();
        server.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        workers.shutdownNow();
        rules.close();
        if (ownsVertx) {
            vertx.close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
        LOG.info("webhook server stopped");
    }

    private static List<AdmissionEndpoint> endpoints(
            WebhookSettings settings,
            SpecRules rules,
            MetalStackClusters clusters,
            TenantChecks tenants,
            Executor workers,
            MeterRegistry registry) {
        AdmissionControl control = new AdmissionControl(
                workers, settings.deadline(), settings.failOpen(), new AdmissionOutcomes(registry));
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        return List.of(
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_XCLUSTER,
                        XCluster.class,
                        control.validating(
                                XCluster.class,
                                new TenantGate<>(
                                        tenants,
                                        new XClusterValidator(rules),
                                        "XCluster",
                                        "spec.projectID",
                                        cluster -> cluster.getSpec().getProjectID(),
                                        (cluster, usage) -> new Demand(1, 1))),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.MUTATE_XCLUSTER,
                        XCluster.class,
                        control.defaulting(XCluster.class, new XClusterDefaulter(rules.defaulter())),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_XFIREWALL,
                        XFirewall.class,
                        control.validating(
                                XFirewall.class,
                                new TenantGate<>(
                                        tenants,
                                        new XFirewallValidator(rules),
                                        "XFirewall",
                                        "spec.projectID",
                                        firewall -> firewall.getSpec().getProjectID(),
                                        WebhookServer::firewallDemand)),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.MUTATE_XFIREWALL,
                        XFirewall.class,
                        control.defaulting(XFirewall.class, new XFirewallDefaulter(rules.defaulter())),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_METALSTACKCLUSTER,
                        MetalStackCluster.class,
                        control.validating(
                                MetalStackCluster.class,
                                new TenantGate<>(
                                        tenants,
                                        new MetalStackClusterValidator(rules),
                                        "MetalStackCluster",
                                        "spec.projectID",
                                        cluster -> cluster.getSpec().getProjectID(),
                                        (cluster, usage) -> new Demand(
                                                1, cluster.getSpec().getFirewallDeploymentRef() == null ? 0 : 1))),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_METALSTACKCLUSTERTEMPLATE,
                        MetalStackClusterTemplate.class,
                        control.validating(
                                MetalStackClusterTemplate.class,
                                TenantGate.withoutQuota(
                                        tenants,
                                        TemplateValidator.ofClusters(rules),
                                        "MetalStackClusterTemplate",
                                        "spec.template.spec.projectID",
                                        WebhookServer::templateProject)),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_METALSTACKFIREWALLTEMPLATE,
                        MetalStackFirewallTemplate.class,
                        control.validating(
                                MetalStackFirewallTemplate.class, new MetalStackFirewallTemplateValidator(rules)),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_METALSTACKMACHINE,
                        MetalStackMachine.class,
                        control.validating(
                                MetalStackMachine.class,
                                new TenantGate<>(
                                        tenants,
                                        new MetalStackMachineValidator(rules, clusters),
                                        "MetalStackMachine",
                                        "metadata.labels[" + InfrastructureKinds.CLUSTER_NAME_LABEL + "]",
                                        machine -> projectOfMachine(machine, clusters),
                                        (machine, usage) -> new Demand(0, 1))),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.MUTATE_METALSTACKMACHINE,
                        MetalStackMachine.class,
                        control.defaulting(
                                MetalStackMachine.class, new MetalStackMachineDefaulter(rules.machineDefaulter())),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.VALIDATE_METALSTACKMACHINETEMPLATE,
                        MetalStackMachineTemplate.class,
                        control.validating(MetalStackMachineTemplate.class, TemplateValidator.ofMachines(rules)),
                        codec,
                        workers),
                new AdmissionEndpoint(
                        WebhookPaths.MUTATE_METALSTACKMACHINETEMPLATE,
                        MetalStackMachineTemplate.class,
                        control.defaulting(
                                MetalStackMachineTemplate.class,
                                new MetalStackMachineTemplateDefaulter(rules.machineDefaulter())),
                        codec,
                        workers));
    }

    /** An XCluster's first firewall takes the machine its XCluster holds for it; any other takes one more. */
    private static Demand firewallDemand(XFirewall firewall, ProjectUsage usage) {
        boolean awaited = firewall.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> HasMetadata.getKind(XCluster.class).equals(owner.getKind())
                        && usage.clustersAwaitingFirewall().contains(owner.getUid()));
        return new Demand(0, awaited ? 0 : 1);
    }

    private static String templateProject(MetalStackClusterTemplate template) {
        return template.getSpec() == null
                        || template.getSpec().getTemplate() == null
                        || template.getSpec().getTemplate().getSpec() == null
                ? null
                : template.getSpec().getTemplate().getSpec().getProjectID();
    }

    /** The project of the machine's MetalStackCluster; null until Cluster API core has labelled it and it exists. */
    private static String projectOfMachine(MetalStackMachine machine, MetalStackClusters clusters) {
        String clusterName = machine.getMetadata().getLabels() == null
                ? null
                : machine.getMetadata().getLabels().get(InfrastructureKinds.CLUSTER_NAME_LABEL);
        return clusterName == null
                ? null
                : clusters.of(machine.getMetadata().getNamespace(), clusterName)
                        .map(cluster -> cluster.getSpec().getProjectID())
                        .orElse(null);
    }

    private static Router router(Vertx vertx, List<AdmissionEndpoint> endpoints, ReviewAdmittance admittance) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.addEndHandler(ended -> admittance.finished(ctx.request(), ended.succeeded()));
            ctx.next();
        });
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route().handler(ctx -> {
            admittance.bodyRead(ctx.request());
            ctx.next();
        });
        for (AdmissionEndpoint endpoint : endpoints) {
            router.post(endpoint.path()).handler(endpoint);
        }
        router.route().failureHandler(WebhookServer::answerFailure);
        return router;
    }

    private static void answerFailure(RoutingContext ctx) {
        if (ctx.response().closed()) {
            return; // the connection is gone, most often cut off by ReviewAdmittance, which said why
        }
        if (ctx.statusCode() != 413 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        LOG.warn(
                "admission review too large path={} remote={} limitBytes={}",
                ctx.normalizedPath(),
                ctx.request().remoteAddress(),
                MAX_BODY_BYTES);
        ctx.response()
                .setStatusCode(400)
                .putHeader("Content-Type", "text/plain")
                .end("the admission review is larger than " + MAX_BODY_BYTES + " bytes (3 MiB)");
    }
}

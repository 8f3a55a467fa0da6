package io.github.xcluster.run;

import io.github.xcluster.webhook.tls.CertificateReloader;
import io.github.xcluster.webhook.tls.SelfSignedCertificate;
import io.github.xcluster.webhook.tls.ServerTls;
import io.github.xcluster.webhook.tls.ServingCertificate;
import io.github.xcluster.webhook.tls.UnusableCertificateException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints for the kubelet and Prometheus, HTTP/1.1 only (a client's h2c upgrade on a large /metrics answer
 * once mixed both protocols on one connection). {@code /healthz} (the process answers) and {@code /readyz}
 * (webhooks serving, controllers started and all their watches healthy; a 503 names what is not; a 200 names a
 * metal-api problem) are plain HTTP on the health address; {@code /metrics} is HTTPS for callers the API server
 * allows ({@link MetricsAccess}).
 */
final class ProbeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);
    private static final Duration CERTIFICATE_CHECK = Duration.ofMinutes(1);

    private final HttpServer server;
    private final Optional<CertificateReloader> reloader;

    private ProbeServer(HttpServer server, Optional<CertificateReloader> reloader) {
        this.server = server;
        this.reloader = reloader;
    }

    static ProbeServer health(Vertx vertx, String host, int port, Supplier<Readiness.Report> readiness) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
        router.get("/readyz").handler(ctx -> {
            Readiness.Report report = readiness.get();
            ctx.response().setStatusCode(report.ready() ? 200 : 503).end(report.text());
        });
        return new ProbeServer(listen(vertx, new HttpServerOptions(), router, host, port), Optional.empty());
    }

    /** @param access who may scrape; unused when the settings say plain HTTP */
    static ProbeServer metrics(
            Vertx vertx, MetricsSettings settings, PrometheusMeterRegistry registry, MetricsAccess access) {
        Router router = Router.router(vertx);
        if (!settings.secure()) {
            router.get(MetricsAccess.PATH).handler(ctx -> scrape(ctx, registry));
            return new ProbeServer(
                    listen(vertx, new HttpServerOptions(), router, "0.0.0.0", settings.port()), Optional.empty());
        }
        router.get(MetricsAccess.PATH)
                .handler(ctx -> vertx.executeBlocking(
                                () -> access.check(ctx.request().getHeader("Authorization")), false)
                        .onSuccess(verdict -> {
                            switch (verdict) {
                                case ALLOWED -> scrape(ctx, registry);
                                case UNAUTHENTICATED ->
                                    ctx.response()
                                            .setStatusCode(401)
                                            .putHeader("WWW-Authenticate", "Bearer")
                                            .end(
                                                    "Unauthorized: send a bearer token the Kubernetes API server accepts\n");
                                case FORBIDDEN ->
                                    ctx.response()
                                            .setStatusCode(403)
                                            .end("Forbidden: the token's user may not get " + MetricsAccess.PATH
                                                    + " (bind the metrics-reader ClusterRole)\n");
                            }
                        })
                        .onFailure(failure -> {
                            LOG.warn(
                                    "metrics scrape not checked: the API server's review failed: {}",
                                    failure.getMessage());
                            ctx.response()
                                    .setStatusCode(503)
                                    .end("Service Unavailable: the Kubernetes API server cannot check the token now\n");
                        }));
        Optional<CertificateReloader> reloader =
                settings.certificates().map(files -> new CertificateReloader(vertx, files));
        ServingCertificate certificate = reloader.map(ProbeServer::load).orElseGet(ProbeServer::selfSigned);
        HttpServer server = listen(vertx, ServerTls.options(certificate), router, "0.0.0.0", settings.port());
        reloader.ifPresent(watching -> watching.start(server, CERTIFICATE_CHECK));
        return new ProbeServer(server, reloader);
    }

    private static void scrape(RoutingContext ctx, PrometheusMeterRegistry registry) {
        ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape());
    }

    private static ServingCertificate load(CertificateReloader reloader) {
        try {
            return reloader.load();
        } catch (IOException e) {
            throw new UnusableCertificateException("cannot serve the metrics certificate: " + e.getMessage(), e);
        }
    }

    private static ServingCertificate selfSigned() {
        List<String> names = List.of(hostName(), "localhost", "127.0.0.1");
        LOG.info("metrics served with a self-signed certificate for {} (METRICS_CERT_DIR gives one)", names);
        return SelfSignedCertificate.create(names, SELF_SIGNED_VALIDITY, Clock.systemUTC());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static HttpServer listen(Vertx vertx, HttpServerOptions options, Router router, String host, int port) {
        return vertx.createHttpServer(options.setHttp2ClearTextEnabled(false)
                        .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds())
                        .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .requestHandler(router)
                .listen(port, host)
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        reloader.ifPresent(CertificateReloader::close);
        server.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
    }
}

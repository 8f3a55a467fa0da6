package io.github.xcluster.run;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plain-HTTP endpoints for the kubelet and Prometheus: {@code /healthz} (the process answers) and
 * {@code /readyz} (webhooks serving, controllers started and all their watches healthy; a 503 names
 * what is not; a 200 names a metal-api problem) on the health port, {@code /metrics} on the metrics port.
 */
final class ProbeServer implements AutoCloseable {
    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    static ProbeServer health(Vertx vertx, int port, Supplier<Readiness.Report> readiness) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
        router.get("/readyz").handler(ctx -> {
            Readiness.Report report = readiness.get();
            ctx.response().setStatusCode(report.ready() ? 200 : 503).end(report.text());
        });
        return listen(vertx, router, port);
    }

    static ProbeServer metrics(Vertx vertx, int port, PrometheusMeterRegistry registry) {
        Router router = Router.router(vertx);
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(registry.scrape()));
        return listen(vertx, router, port);
    }

    private static ProbeServer listen(Vertx vertx, Router router, int port) {
        // HTTP/1.1 only: a client's h2c upgrade on a large /metrics answer mixed both protocols on one connection
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(router)
                .listen(port)
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return new ProbeServer(server);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
    }
}

package io.github.xcluster.webhook;

import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.time.Duration;
import java.util.Optional;

/**
 * How the admission webhook server runs.
 *
 * @param port HTTPS port, 9443 by default; 0 picks a free port
 * @param certificates serving certificate and key; empty looks in the cert-manager and OLM places
 * @param certificateCheckInterval how often the certificate files are checked for rotation
 * @param failOpen admit (with a warning) instead of deny when metal-api cannot be asked
 * @param deadline how long one admission may take before it counts as metal-api unreachable
 * @param cacheTtl how long metal-api answers are reused
 * @param firewallDefaults what firewall specs get when they leave fields out
 * @param workerThreads threads that run admission logic off the event loop
 * @param limits what a connection may take of the server ({@link ReviewAdmittance})
 */
public record WebhookSettings(
        int port,
        Optional<CertificateFiles> certificates,
        Duration certificateCheckInterval,
        boolean failOpen,
        Duration deadline,
        Duration cacheTtl,
        FirewallDefaults firewallDefaults,
        int workerThreads,
        ConnectionLimits limits) {

    public static final int DEFAULT_PORT = 9443;

    /**
     * @param idleTimeout a keep-alive connection with no traffic for this long is closed
     * @param requestTimeout the headers of a request are due this long after the connection opened or its last
     *     answer, and the answer this long after the headers; the API server waits 30 s at most for a webhook
     * @param bodyTimeout once a review is let in, its body is due within this: the API server sends it in one go,
     *     so a slow body is a client holding one of the few places
     * @param maxInFlight reviews read and answered at once; the others wait unread
     */
    public record ConnectionLimits(
            Duration idleTimeout, Duration requestTimeout, Duration bodyTimeout, int maxInFlight) {
        /** 60 s idle, 30 s per request, 2 s per body, 16 reviews at once: 48 MiB of bodies at the 3 MiB limit. */
        public static final ConnectionLimits DEFAULT =
                new ConnectionLimits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(2), 16);

        public ConnectionLimits {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("at least one review must be read at a time, was " + maxInFlight);
            }
        }

        public ConnectionLimits withMaxInFlight(int maxInFlight) {
            return new ConnectionLimits(idleTimeout, requestTimeout, bodyTimeout, maxInFlight);
        }
    }

    public WebhookSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("webhook port must be 0 to 65535, was " + port);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("webhook deadline must be positive, was " + deadline);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("webhook worker threads must be at least 1, was " + workerThreads);
        }
    }

    /** Port 9443, certificates found on disk, fail closed, 5 s deadline, 10 s cache. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(
                DEFAULT_PORT,
                Optional.empty(),
                Duration.ofSeconds(10),
                false,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                FirewallDefaults.none(),
                8,
                ConnectionLimits.DEFAULT);
    }

    public WebhookSettings withPort(int port) {
        return new WebhookSettings(
                port,
                certificates,
                certificateCheckInterval,
                failOpen,
                deadline,
                cacheTtl,
                firewallDefaults,
                workerThreads,
                limits);
    }

    public WebhookSettings withCertificates(CertificateFiles files) {
        return new WebhookSettings(
                port,
                Optional.of(files),
                certificateCheckInterval,
                failOpen,
                deadline,
                cacheTtl,
                firewallDefaults,
                workerThreads,
                limits);
    }

    public WebhookSettings withCertificateCheckInterval(Duration interval) {
        return new WebhookSettings(
                port, certificates, interval, failOpen, deadline, cacheTtl, firewallDefaults, workerThreads, limits);
    }

    public WebhookSettings withFailOpen(boolean failOpen) {
        return new WebhookSettings(
                port,
                certificates,
                certificateCheckInterval,
                failOpen,
                deadline,
                cacheTtl,
                firewallDefaults,
                workerThreads,
                limits);
    }

    public WebhookSettings withFirewallDefaults(FirewallDefaults defaults) {
        return new WebhookSettings(
                port,
                certificates,
                certificateCheckInterval,
                failOpen,
                deadline,
                cacheTtl,
                defaults,
                workerThreads,
                limits);
    }

    public WebhookSettings withLimits(ConnectionLimits limits) {
        return new WebhookSettings(
                port,
                certificates,
                certificateCheckInterval,
                failOpen,
                deadline,
                cacheTtl,
                firewallDefaults,
                workerThreads,
                limits);
    }
}

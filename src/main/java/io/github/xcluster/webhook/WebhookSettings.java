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
 */
public record WebhookSettings(
        int port,
        Optional<CertificateFiles> certificates,
        Duration certificateCheckInterval,
        boolean failOpen,
        Duration deadline,
        Duration cacheTtl,
        FirewallDefaults firewallDefaults,
        int workerThreads) {

    public static final int DEFAULT_PORT = 9443;

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
                8);
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
                workerThreads);
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
                workerThreads);
    }

    public WebhookSettings withCertificateCheckInterval(Duration interval) {
        return new WebhookSettings(
                port, certificates, interval, failOpen, deadline, cacheTtl, firewallDefaults, workerThreads);
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
                workerThreads);
    }

    public WebhookSettings withFirewallDefaults(FirewallDefaults defaults) {
        return new WebhookSettings(
                port, certificates, certificateCheckInterval, failOpen, deadline, cacheTtl, defaults, workerThreads);
    }
}

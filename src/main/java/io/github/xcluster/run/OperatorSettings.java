package io.github.xcluster.run;

import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiConfigException;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.tenancy.Tenancy;
import io.github.xcluster.tenancy.TenancySettings;
import io.github.xcluster.webhook.WebhookSettings;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Everything the operator process is told, read from its environment. */
public record OperatorSettings(
        MetalApiSource metal,
        ControllerSettings controllers,
        Optional<WebhookSettings> webhooks,
        String healthAddress,
        int healthPort,
        MetricsSettings metrics,
        TenancySettings tenancy) {

    static final int DEFAULT_HEALTH_PORT = 8081;
    /** All addresses; the shipped manifests bind the pod's own (HEALTH_ADDRESS from status.podIP). */
    static final String DEFAULT_HEALTH_ADDRESS = "0.0.0.0";

    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    static OperatorSettings fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env);
        MetalApiSource metal;
        boolean plainHttpAllowed;
        try {
            plainHttpAllowed = MetalApiConfig.plainHttpAllowed(env);
            Optional<Path> mounted = read.text("METAL_API_CREDENTIALS_DIR").map(Path::of);
            metal = mounted.isPresent()
                    ? new MetalApiSource.Mounted(mounted.get(), MetalApiConfig.hmacAuthType(env), plainHttpAllowed)
                    : new MetalApiSource.Fixed(MetalApiConfig.fromEnvironment(env));
        } catch (MetalApiConfigException e) {
            throw new UsageException(e.getMessage());
        }
        String operatorNamespace = read.text("OPERATOR_NAMESPACE")
                .or(OperatorSettings::ownNamespace)
                .orElse("default");
        Optional<ControllerSettings.LeaderElection> election = read.flag("LEADER_ELECTION", false)
                ? Optional.of(new ControllerSettings.LeaderElection(
                        read.text("LEADER_ELECTION_LEASE").orElse("xcluster-operator-leader"),
                        read.text("LEADER_ELECTION_NAMESPACE").orElse(operatorNamespace),
                        true))
                : Optional.empty();
        ControllerSettings controllers = new ControllerSettings(
                read.list("WATCH_NAMESPACES"),
                election,
                read.positive("RECONCILE_THREADS", ControllerSettings.DEFAULT_RECONCILE_THREADS),
                Optional.empty());
        Optional<WebhookSettings> webhooks = Optional.empty();
        if (read.flag("WEBHOOKS_ENABLED", true)) {
            WebhookSettings settings = WebhookSettings.defaults()
                    .withPort(read.port("WEBHOOK_PORT", WebhookSettings.DEFAULT_PORT))
                    .withFailOpen(read.flag("WEBHOOK_FAIL_OPEN", false))
                    .withLimits(WebhookSettings.ConnectionLimits.DEFAULT.withMaxInFlight(read.positive(
                            "WEBHOOK_MAX_IN_FLIGHT", WebhookSettings.ConnectionLimits.DEFAULT.maxInFlight())))
                    .withFirewallDefaults(new FirewallDefaults(
                            read.text("DEFAULT_FIREWALL_IMAGE"),
                            read.text("DEFAULT_FIREWALL_SIZE"),
                            read.text("DEFAULT_FIREWALL_NETWORK")));
            Optional<String> certDir = read.text("WEBHOOK_CERT_DIR");
            if (certDir.isPresent()) {
                settings = settings.withCertificates(certificateFiles(certDir.get()));
            }
            webhooks = Optional.of(settings);
        }
        return new OperatorSettings(
                metal,
                controllers,
                webhooks,
                read.text("HEALTH_ADDRESS").orElse(DEFAULT_HEALTH_ADDRESS),
                read.port("HEALTH_PORT", DEFAULT_HEALTH_PORT),
                new MetricsSettings(
                        read.port("METRICS_PORT", MetricsSettings.DEFAULT_PORT),
                        read.flag("METRICS_SECURE", true),
                        read.text("METRICS_CERT_DIR").map(OperatorSettings::certificateFiles)),
                new TenancySettings(
                        read.text("TENANCY").map(OperatorSettings::tenancy).orElse(Tenancy.PROJECT_BINDINGS),
                        operatorNamespace,
                        plainHttpAllowed));
    }

    private static Tenancy tenancy(String setting) {
        return Tenancy.ofSetting(setting)
                .orElseThrow(() -> new UsageException("TENANCY=" + setting + " is not a tenancy; use "
                        + Tenancy.PROJECT_BINDINGS.setting() + " (namespaces use the projects ProjectBindings grant"
                        + " them) or " + Tenancy.SINGLE_TENANT.setting() + " (every namespace every project)"));
    }

    /** A directory as cert-manager and kubebuilder lay it out. */
    private static CertificateFiles certificateFiles(String directory) {
        return new CertificateFiles(Path.of(directory, "tls.crt"), Path.of(directory, "tls.key"));
    }

    private static Optional<String> ownNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim())
                    : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}

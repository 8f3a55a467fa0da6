package io.github.xcluster.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.reconcile.ControllerSettings;
import io.github.xcluster.run.MetalApiSource;
import io.github.xcluster.run.MetricsSettings;
import io.github.xcluster.run.OperatorRuntime;
import io.github.xcluster.run.OperatorSettings;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.tenancy.TenancySettings;
import io.github.xcluster.webhook.WebhookSettings;
import io.github.xcluster.webhook.tls.CertificateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on this machine: a real etcd + kube-apiserver with our CRDs, the metal-api
 * simulator, and the operator with the webhooks of config/webhook (unless turned off), reached by URL and
 * trusted through a CA made for the run. {@code make run} and the integration tests both stand on it.
 */
public final class LocalWorld implements AutoCloseable {
    /** Where a world held to ProjectBindings looks for the Secrets they name, as config/default installs it. */
    public static final String OPERATOR_NAMESPACE = "xcluster-operator-system";

    /** What a local run is made of; ports 0 pick free ones; {@code configDirectory} is the project's config/. */
    public record Options(
            boolean webhooks,
            Path workDir,
            Path configDirectory,
            int simulatorPort,
            String hmacKey,
            int machinesPerSize,
            Duration provisioningStep,
            int webhookPort,
            int healthPort,
            int metricsPort,
            List<String> apiServerFlags,
            TenancySettings tenancy) {

        /** The xcluster walkthrough's world, on the ports metalctl and kubebuilder use. */
        public static Options walkthrough(Path workDir) {
            return new Options(
                    true,
                    workDir,
                    Path.of("config"),
                    8080,
                    "metal-admin",
                    2,
                    Duration.ofSeconds(1),
                    9443,
                    8081,
                    8082,
                    List.of(),
                    TenancySettings.singleTenant());
        }

        /** Free ports, fast provisioning and enough machines for many tests. */
        public static Options forTests(Path workDir) {
            return new Options(
                    true,
                    workDir,
                    Path.of("config"),
                    0,
                    "metal-admin",
                    40,
                    Duration.ofMillis(50),
                    0,
                    0,
                    0,
                    List.of(),
                    TenancySettings.singleTenant());
        }

        /** These options with extra kube-apiserver flags, e.g. an audit log. */
        public Options withApiServerFlags(List<String> flags) {
            return new Options(
                    webhooks,
                    workDir,
                    configDirectory,
                    simulatorPort,
                    hmacKey,
                    machinesPerSize,
                    provisioningStep,
                    webhookPort,
                    healthPort,
                    metricsPort,
                    flags,
                    tenancy);
        }

        /** These options with the operator's webhooks neither served nor registered, as WEBHOOKS_ENABLED=false. */
        public Options withoutWebhooks() {
            return new Options(
                    false,
                    workDir,
                    configDirectory,
                    simulatorPort,
                    hmacKey,
                    machinesPerSize,
                    provisioningStep,
                    webhookPort,
                    healthPort,
                    metricsPort,
                    apiServerFlags,
                    tenancy);
        }

        /** These options with namespaces held to the projects ProjectBindings grant them, as the manifests ship. */
        public Options withProjectBindings() {
            return new Options(
                    webhooks,
                    workDir,
                    configDirectory,
                    simulatorPort,
                    hmacKey,
                    machinesPerSize,
                    provisioningStep,
                    webhookPort,
                    healthPort,
                    metricsPort,
                    apiServerFlags,
                    TenancySettings.projectBindings(OPERATOR_NAMESPACE));
        }
    }

    private final Options options;
    private final LocalApiServer apiServer;
    private final MetalSimulator simulator;
    private final KubernetesClient client;
    private final CertificateFiles certificates;
    private final String certificateAuthorityPem;
    private OperatorRuntime operator;

    private LocalWorld(
            Options options,
            LocalApiServer apiServer,
            MetalSimulator simulator,
            KubernetesClient client,
            CertificateFiles certificates,
            String certificateAuthorityPem) {
        this.options = options;
        this.apiServer = apiServer;
        this.simulator = simulator;
        this.client = client;
        this.certificates = certificates;
        this.certificateAuthorityPem = certificateAuthorityPem;
    }

    public static LocalWorld start(Options options, Map<String, String> env) {
        LocalApiServer apiServer = LocalApiServer.start(options.workDir(), env, options.apiServerFlags());
        MetalSimulator simulator = null;
        KubernetesClient client = null;
        try {
            simulator = MetalSimulator.builder()
                    .port(options.simulatorPort())
                    .hmacKey(options.hmacKey())
                    .machinesPerSize(options.machinesPerSize())
                    .provisioningStep(options.provisioningStep())
                    .build()
                    .start();
            client = apiServer.newClient();
            CrdInstaller.install(client, options.configDirectory().resolve("crd/bases"));
            CertificateAuthority ca =
                    CertificateAuthority.create("xcluster-operator local CA", Duration.ofDays(30), Clock.systemUTC());
            IssuedCertificate serving =
                    ca.issueServerCertificate(List.of("127.0.0.1", "localhost"), Duration.ofDays(30));
            CertificateFiles certificates = serving.writePem(
                    options.workDir().resolve("tls.crt"), options.workDir().resolve("tls.key"));
            LocalWorld world = new LocalWorld(
                    options,
                    apiServer,
                    simulator,
                    client,
                    certificates,
                    ca.certificate().certificatePem());
            world.operator = world.startOperator(options.webhookPort(), options.healthPort(), options.metricsPort());
            if (options.webhooks()) {
                try {
                    world.installWebhooks(world.certificateAuthorityPem);
                } catch (RuntimeException e) {
                    world.operator.close();
                    throw e;
                }
            }
            return world;
        } catch (IOException e) {
            stopPartial(apiServer, simulator, client);
            throw new UncheckedIOException("cannot write the webhook certificate into " + options.workDir(), e);
        } catch (RuntimeException e) {
            stopPartial(apiServer, simulator, client);
            throw e;
        }
    }

    /** A start that failed half way must not leave etcd and kube-apiserver running. */
    private static void stopPartial(LocalApiServer apiServer, MetalSimulator simulator, KubernetesClient client) {
        if (client != null) {
            client.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        apiServer.close();
    }

    private void installWebhooks(String caPem) {
        new WebhookInstaller("https://127.0.0.1:" + operator.webhookPort(), caPem)
                .install(client, options.configDirectory().resolve("webhook/manifests.yaml"));
    }

    private OperatorRuntime startOperator(int webhookPort, int healthPort, int metricsPort) {
        return startOperator(client, ControllerSettings.defaults(), webhookPort, healthPort, metricsPort);
    }

    private OperatorRuntime startOperator(
            KubernetesClient identity,
            ControllerSettings controllers,
            int webhookPort,
            int healthPort,
            int metricsPort) {
        Optional<WebhookSettings> webhooks = options.webhooks()
                ? Optional.of(WebhookSettings.defaults().withPort(webhookPort).withCertificates(certificates))
                : Optional.empty();
        OperatorSettings settings = new OperatorSettings(
                new MetalApiSource.Fixed(MetalApiConfig.of(simulator.baseUrl(), options.hmacKey())),
                controllers,
                webhooks,
                "127.0.0.1",
                healthPort,
                new MetricsSettings(metricsPort, true, Optional.of(certificates)),
                options.tenancy());
        return OperatorRuntime.start(settings, CompletableFuture.completedFuture(identity), Clock.systemUTC());
    }

    /** Stops the operator as a crash would and starts a fresh one on the same ports. */
    public void restartOperator() {
        restartOperatorAs(client, ControllerSettings.defaults());
    }

    /** Restarts the operator with another identity and controller settings, e.g. a ServiceAccount's token. */
    public void restartOperatorAs(KubernetesClient identity, ControllerSettings controllers) {
        int webhookPort = options.webhooks() ? operator.webhookPort() : options.webhookPort();
        int healthPort = operator.healthPort();
        int metricsPort = operator.metricsPort();
        operator.close();
        operator = null;
        operator = startOperator(identity, controllers, webhookPort, healthPort, metricsPort);
    }

    public KubernetesClient client() {
        return client;
    }

    public Kubectl kubectl() {
        return apiServer.kubectl();
    }

    public Path kubeconfig() {
        return apiServer.kubeconfig();
    }

    public String hmacKey() {
        return options.hmacKey();
    }

    public MetalSimulator simulator() {
        return simulator;
    }

    /** The CA of the operator's serving certificate (webhooks and /metrics), PEM. */
    public String certificateAuthorityPem() {
        return certificateAuthorityPem;
    }

    public OperatorRuntime operator() {
        return operator;
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        client.close();
        simulator.close();
        apiServer.close();
    }
}

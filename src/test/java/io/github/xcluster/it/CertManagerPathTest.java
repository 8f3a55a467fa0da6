package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.xcluster.dev.EgressProxy;
import io.github.xcluster.dev.KubeBinaries;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApiChanges;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.tenancy.TenantChecks;
import io.github.xcluster.webhook.MetalStackClusters;
import io.github.xcluster.webhook.WebhookServer;
import io.github.xcluster.webhook.WebhookSettings;
import io.github.xcluster.webhook.tls.UnusableCertificateException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cert-manager install path of {@code config/default}, with cert-manager's own issuing code: the
 * rendered Certificate is issued as its self-signed Issuer does ({@link SelfSignedIssuance}), the
 * operator's webhook server serves that Secret's key pair, and the rendered webhook configurations are
 * registered as shipped (Service references kept) with {@code caBundle} set from {@code ca.crt}, as
 * cainjector sets it. The API server reaches the webhook Service through {@link EgressProxy}, checking
 * the certificate against the Service's DNS name and that CA.
 */
class CertManagerPathTest {
    private static final Path WORK = Path.of("target/it-certmanager");
    private static final String WEBHOOK_SERVICE = "webhook-service";
    private static final String INJECT_CA_FROM = "cert-manager.io/inject-ca-from";

    private static String rendered;
    private static List<HasMetadata> objects;
    private static KubernetesSerialization serialization;
    private static EgressProxy egress;
    private static LocalWorld world;
    private static String webhookClusterIp;

    /** The private keys cert-manager offers, as spec.privateKey of the shipped Certificate. */
    enum PrivateKey {
        AS_SHIPPED(null, "RSA"),
        RSA_3072_PKCS8(Map.of("algorithm", "RSA", "size", 3072, "encoding", "PKCS8"), "RSA"),
        ECDSA_P256(Map.of("algorithm", "ECDSA", "size", 256), "EC"),
        ECDSA_P384_PKCS8(Map.of("algorithm", "ECDSA", "size", 384, "encoding", "PKCS8"), "EC");

        final Map<String, Object> spec;
        final String javaAlgorithm;

        PrivateKey(Map<String, Object> spec, String javaAlgorithm) {
            this.spec = spec;
            this.javaAlgorithm = javaAlgorithm;
        }
    }

    @BeforeAll
    static void startWorldWithTheRenderedWebhookService() {
        KubeBinaries binaries = KubeBinaries.pinned(System.getenv());
        assumeTrue(binaries.present(), "no kubectl in " + binaries.directory() + "; run make envtest");
        Kubectl.Result kustomized = new Kubectl(binaries.kubectl(), Path.of("/dev/null"))
                .run("kustomize", Path.of("config/default").toString());
        assertSucceeded(kustomized);
        rendered = kustomized.stdout();

        egress = EgressProxy.start();
        world = LocalWorld.start(
                LocalWorld.Options.forTests(WORK)
                        .withoutWebhooks()
                        .withApiServerFlags(List.of(egress.apiServerFlag(WORK.toAbsolutePath()))),
                System.getenv());
        serialization = world.client().getKubernetesSerialization();
        objects = serialization.unmarshal(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)));
        world.client().resource(single("Namespace")).serverSideApply();
        Service service = (Service) single("Service", WEBHOOK_SERVICE);
        webhookClusterIp =
                world.client().resource(service).serverSideApply().getSpec().getClusterIP();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        if (egress != null) {
            egress.close();
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateKey.class)
    void theApiServerCallsTheWebhookServiceWithTheCertificateCertManagerIssues(PrivateKey key) throws Exception {
        GenericKubernetesResource certificate = certificate(spec -> {
            if (key.spec != null) {
                spec.put("privateKey", key.spec);
            }
        });
        SelfSignedIssuance secret = SelfSignedIssuance.issue(withIssuer(certificate), WORK.resolve(key.name()));
        assertThat(secret.warnings()).isEmpty();
        assertThat(readCertificate(secret.servingFiles().certificate())
                        .getPublicKey()
                        .getAlgorithm())
                .isEqualTo(key.javaAlgorithm);

        String namespace = newNamespace(key.name().toLowerCase().replace('_', '-'));
        try (WebhookServer server = WebhookServer.start(
                null,
                WebhookSettings.defaults().withPort(0).withCertificates(secret.servingFiles()),
                HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey())),
                MetalApiChanges.none(),
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                MetalStackClusters.none(),
                TenantChecks.singleTenant())) {
            int servicePort = ((Service) single("Service", WEBHOOK_SERVICE))
                    .getSpec()
                    .getPorts()
                    .get(0)
                    .getPort();
            egress.route(webhookClusterIp, servicePort, server.port());
            registerWebhooksAsCainjectorWould(certificate, secret.caPem());

            Kubectl.Result refused = world.kubectl()
                    .runWithInput(
                            sample(namespace, "bad").replace("partition: vagrant", "partition: nowhere"),
                            "apply",
                            "-f",
                            "-");
            assertThat(refused.exitCode()).as(refused.stdout()).isNotZero();
            assertThat(refused.stderr())
                    .contains("admission webhook \"vxcluster-v1.cluster.www.x-cellent.com\" denied the request")
                    .contains(
                            "spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant");
            assertSucceeded(world.kubectl().runWithInput(sample(namespace, "good"), "apply", "-f", "-"));
            assertThat(world.kubectl()
                            .run("get", "xcluster", "good", "-n", namespace, "-o", "jsonpath={.metadata.labels}")
                            .stdout())
                    .as("the defaulting webhook ran")
                    .contains("app.kubernetes.io/managed-by");
        }
    }

    @Test
    void aCertificateWithoutSubjectGetsAnEmptyIssuerNameWhichJavaRefuses() {
        SelfSignedIssuance secret = SelfSignedIssuance.issue(
                withIssuer(certificate(spec -> spec.remove("subject"))), WORK.resolve("without-subject"));

        assertThat(secret.warnings())
                .contains("BadConfig: Certificate will be issued with an empty Issuer DN, which contravenes RFC 5280");
        assertThatThrownBy(() -> readCertificate(secret.servingFiles().certificate()))
                .isInstanceOf(CertificateParsingException.class)
                .hasMessageContaining("Empty issuer DN not allowed in X509Certificates");
        assertThatThrownBy(() -> WebhookServer.start(
                        null,
                        WebhookSettings.defaults().withPort(0).withCertificates(secret.servingFiles()),
                        HttpMetalApi.connect(MetalApiConfig.of(world.simulator().baseUrl(), world.hmacKey())),
                        MetalApiChanges.none(),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry(),
                        MetalStackClusters.none(),
                        TenantChecks.singleTenant()))
                .isInstanceOf(UnusableCertificateException.class)
                .hasMessage("cannot serve the webhook certificate: "
                        + secret.servingFiles().certificate()
                        + " has an empty issuer name, which Java refuses (RFC 5280 requires one); a cert-manager"
                        + " self-signed Issuer copies the subject into the issuer, so give the Certificate a subject"
                        + " (spec.subject.organizations or spec.commonName) and let cert-manager issue it again");
    }

    @Test
    void theOperatorRefusesToStartWithThatCertificateInOneLineNamingCauseAndFix() {
        SelfSignedIssuance secret = SelfSignedIssuance.issue(
                withIssuer(certificate(spec -> spec.remove("subject"))), WORK.resolve("operator-without-subject"));
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", world.kubeconfig().toAbsolutePath().toString());
        env.put("METAL_API_URL", world.simulator().baseUrl());
        env.put("METAL_API_HMAC", world.hmacKey());
        env.put("WATCH_NAMESPACES", newNamespace("refused-certificate"));
        env.put("WEBHOOK_CERT_DIR", secret.directory().toAbsolutePath().toString());
        env.put("WEBHOOK_PORT", "0");
        env.put("HEALTH_PORT", "0");
        env.put("METRICS_PORT", "0");

        OperatorProcess operator = OperatorProcess.start("refuses-empty-issuer", env, WORK);
        try {
            assertThat(operator.exitCodeWithin(Duration.ofMinutes(2))).isEqualTo(1);
            String log = operator.log();
            assertThat(log.lines().filter(line -> line.startsWith("xcluster-operator: ")))
                    .containsExactly("xcluster-operator: cannot serve the webhook certificate: "
                            + secret.servingFiles().certificate().toAbsolutePath()
                            + " has an empty issuer name, which Java refuses (RFC 5280 requires one); a cert-manager"
                            + " self-signed Issuer copies the subject into the issuer, so give the Certificate a"
                            + " subject (spec.subject.organizations or spec.commonName) and let cert-manager issue"
                            + " it again");
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
        } finally {
            operator.stop();
        }
    }

    /** cainjector's part: the CA of the Certificate the annotation names goes into every webhook's caBundle. */
    private static void registerWebhooksAsCainjectorWould(GenericKubernetesResource certificate, String caPem) {
        String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        String certificateName = certificate.getMetadata().getNamespace() + "/"
                + certificate.getMetadata().getName();
        for (HasMetadata configuration :
                List.of(single("ValidatingWebhookConfiguration"), single("MutatingWebhookConfiguration"))) {
            assertThat(configuration.getMetadata().getAnnotations())
                    .as(configuration.getKind())
                    .containsEntry(INJECT_CA_FROM, certificateName);
            HasMetadata injected = serialization.clone(configuration);
            List<WebhookClientConfig> clients = injected instanceof ValidatingWebhookConfiguration validating
                    ? validating.getWebhooks().stream()
                            .map(webhook -> webhook.getClientConfig())
                            .toList()
                    : ((MutatingWebhookConfiguration) injected)
                            .getWebhooks().stream()
                                    .map(webhook -> webhook.getClientConfig())
                                    .toList();
            clients.forEach(client -> client.setCaBundle(caBundle));
            world.client().resource(injected).forceConflicts().serverSideApply();
        }
    }

    /** A copy of the rendered Certificate with {@code change} applied to its spec. */
    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource certificate(Consumer<Map<String, Object>> change) {
        GenericKubernetesResource copy =
                serialization.clone((GenericKubernetesResource) single("Certificate", "serving-cert"));
        change.accept((Map<String, Object>) copy.getAdditionalProperties().get("spec"));
        return copy;
    }

    /** The rendered Issuer and {@code certificate}, as the YAML stream the issuer program reads. */
    private static String withIssuer(GenericKubernetesResource certificate) {
        return serialization.asYaml(single("Issuer")) + "\n---\n" + serialization.asYaml(certificate);
    }

    private static X509Certificate readCertificate(Path pem) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String newNamespace(String prefix) {
        return SharedWorld.newNamespace(world.client(), prefix);
    }

    private static HasMetadata single(String kind) {
        List<HasMetadata> found =
                objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        assertThat(found).as("rendered %s objects", kind).hasSize(1);
        return found.get(0);
    }

    private static HasMetadata single(String kind, String unprefixedName) {
        List<HasMetadata> found = objects.stream()
                .filter(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().endsWith("-" + unprefixedName))
                .toList();
        assertThat(found)
                .as("rendered %s objects named *-%s", kind, unprefixedName)
                .hasSize(1);
        return found.get(0);
    }
}

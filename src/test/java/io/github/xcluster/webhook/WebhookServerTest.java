package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.dev.IssuedCertificate;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook server over real HTTPS, with a client that trusts only the test CAs. */
class WebhookServerTest {
    @TempDir
    static Path certificates;

    static HttpsWebhook webhook;
    static CertificateAuthority secondCa;

    @BeforeAll
    static void start() throws Exception {
        webhook = HttpsWebhook.start(certificates, Duration.ofMillis(100));
        secondCa = CertificateAuthority.create("second test CA", Duration.ofDays(1), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @Test
    void onlyTls12AndUpWithForwardSecrecyAndAuthenticatedEncryptionAreSpoken() throws Exception {
        assertThat(handshake(new String[] {"TLSv1.3"}, null)).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256");
        assertThat(handshake(new String[] {"TLSv1.2"}, null))
                .matches("TLSv1\\.2 TLS_ECDHE_ECDSA_WITH_AES_(128_GCM_SHA256|256_GCM_SHA384)");
        assertThat(handshake(new String[] {"TLSv1.2"}, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        for (String weak : List.of(
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")) {
            assertThat(handshake(new String[] {"TLSv1.2"}, weak)).as(weak).startsWith("refused");
        }
        assertThat(handshake(new String[] {"TLSv1.1"}, null)).startsWith("refused");
    }

    /** The protocol and suite the server agrees to with a client offering only these, or why it refused. */
    private static String handshake(String[] protocols, String onlySuite) throws Exception {
        try (javax.net.ssl.SSLSocket socket = RawTls.connect(webhook.server.port())) {
            socket.setEnabledProtocols(protocols);
            if (onlySuite != null) {
                socket.setEnabledCipherSuites(new String[] {onlySuite});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        } catch (javax.net.ssl.SSLException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(webhook.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return webhook.client(secondCa).send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode answer(String path, String body) throws Exception {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode review = read(response.body());
        assertThat(review.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.get("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.at("/response/uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        return review.get("response");
    }

    @Test
    void validatingWebhookDeniesUnknownPartitionNamingTheField() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC);
        ((ObjectNode) cluster.get("spec")).put("partition", "nowhere");

        JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText())
                .isEqualTo("spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant");
        assertThat(response.at("/status/details/causes/0/field").asText()).isEqualTo("spec.partition");
    }

    @Test
    void validatingWebhookAdmitsDeprecatedImageWithWarnings() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(
                AdmissionReviews.CLUSTER_SPEC.replace("firewall-ubuntu-2.0.20201126", "firewall-ubuntu-2.1"));

        JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("warnings")).hasSize(2);
        assertThat(response.at("/warnings/0").asText())
                .isEqualTo("spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-2.1\" (resolves to"
                        + " \"firewall-ubuntu-2.1.20210301\") is deprecated; consider a newer firewall image");
    }

    @Test
    void statusOnlyUpdateIsAdmitted() throws Exception {
        ObjectNode old = AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC.replace("vagrant'", "nowhere'"));
        ObjectNode cluster = old.deepCopy();
        cluster.putObject("status").put("ready", true);

        JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("UPDATE", cluster, old));

        assertThat(response.get("allowed").asBoolean()).isTrue();
    }

    @Test
    void mutatingWebhookAnswersWithJsonPatch() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC);

        JsonNode response = answer(WebhookPaths.MUTATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
        assertThat(read(new String(
                        Base64.getDecoder().decode(response.get("patch").asText()), StandardCharsets.UTF_8)))
                .isEqualTo(
                        read(
                                "[{'op': 'add', 'path': '/metadata/labels', 'value': {'app.kubernetes.io/managed-by': 'xcluster-operator'}}]"));
    }

    @Test
    void malformedBodiesGetBadRequest() throws Exception {
        ObjectNode firewall = AdmissionReviews.firewallJson("{}");
        String withoutRequest = "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview'}".replace('\'', '"');

        assertThat(post(WebhookPaths.VALIDATE_XCLUSTER, "this is not json").statusCode())
                .isEqualTo(400);
        assertThat(post(WebhookPaths.VALIDATE_XCLUSTER, "").body()).isEqualTo("the body is empty");
        assertThat(post(
                                WebhookPaths.VALIDATE_XCLUSTER,
                                AdmissionReviews.review(
                                        "UPDATE", AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC), null))
                        .body())
                .isEqualTo("request.oldObject is missing");
        assertThat(post(WebhookPaths.VALIDATE_XCLUSTER, "{\"kind\": \"Pod\"}").body())
                .isEqualTo("expected an AdmissionReview of admission.k8s.io/v1, got kind \"Pod\" of apiVersion \"\"");
        assertThat(post(WebhookPaths.MUTATE_XCLUSTER, withoutRequest).body())
                .isEqualTo("the AdmissionReview has no request");
        HttpResponse<String> wrongKind =
                post(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", firewall, null));
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertThat(wrongKind.body())
                .isEqualTo("request.object is not a XCluster but a XFirewall of cluster.www.x-cellent.com/v1");
    }

    @Test
    void bodyOverThreeMebibytesGetsBadRequest() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC);
        ((ObjectNode) cluster.get("metadata")).putObject("annotations").put("padding", "x".repeat(3 * 1024 * 1024));

        HttpResponse<String> response =
                post(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("the admission review is larger than 3145728 bytes (3 MiB)");
    }

    @Test
    void rotatedCertificateOnDiskIsServedWithoutRestart() throws Exception {
        assertThat(certificateExpiry())
                .isEqualTo(servedCertificate().getNotAfter().toInstant().getEpochSecond());
        IssuedCertificate rotated =
                secondCa.issueServerCertificate(List.of("localhost", "127.0.0.1"), Duration.ofHours(3));

        rotated.writePem(webhook.files.certificate(), webhook.files.privateKey());

        BigInteger rotatedSerial = rotated.certificate().getSerialNumber();
        // Vert.x 4.5 drops handshakes that arrive while updateSSLOptions builds the new context (an NPE
        // in TCPServerBase); polling through that window sees a failed handshake, hence the ignore.
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> servedCertificate().getSerialNumber().equals(rotatedSerial));
        assertThat(answer(
                                WebhookPaths.VALIDATE_XCLUSTER,
                                AdmissionReviews.review(
                                        "CREATE", AdmissionReviews.clusterJson(AdmissionReviews.CLUSTER_SPEC), null))
                        .get("allowed")
                        .asBoolean())
                .isTrue();
        assertThat(certificateExpiry())
                .isEqualTo(rotated.certificate().getNotAfter().toInstant().getEpochSecond());
    }

    private static double certificateExpiry() {
        return webhook.registry.get(WebhookServer.CERTIFICATE_EXPIRY).gauge().value();
    }

    private static X509Certificate servedCertificate() throws Exception {
        HttpResponse<String> response = post("/healthz-not-served", "{}");
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}

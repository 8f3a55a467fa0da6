package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.xcluster.webhook.tls.CertificateAuthority;
import io.github.xcluster.webhook.tls.CertificateFiles;
import io.github.xcluster.webhook.tls.IssuedCertificate;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook server over real HTTPS, with a client that trusts only the test CAs. */
class WebhookServerTest {
  static final String CLUSTER_SPEC =
      "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec':"
          + " {'image': 'firewall-ubuntu-2.0.20201126', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab'}}}";

  @TempDir static Path certificates;
  static SimulatedMetal metal;
  static CertificateAuthority firstCa;
  static CertificateAuthority secondCa;
  static CertificateFiles files;
  static WebhookServer server;

  @BeforeAll
  static void start() throws Exception {
    metal = SimulatedMetal.start();
    firstCa = CertificateAuthority.create("first test CA", Duration.ofDays(1), Clock.systemUTC());
    secondCa = CertificateAuthority.create("second test CA", Duration.ofDays(1), Clock.systemUTC());
    files = serving(firstCa).writePem(certificates.resolve("tls.crt"), certificates.resolve("tls.key"));
    WebhookSettings settings =
        WebhookSettings.defaults().withPort(0).withCertificates(files).withCertificateCheckInterval(Duration.ofMillis(100));
    server = WebhookServer.start(null, settings, metal.metalApi, SimulatedMetal.CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
    metal.close();
  }

  static IssuedCertificate serving(CertificateAuthority ca) {
    return ca.issueServerCertificate(List.of("localhost", "127.0.0.1"), Duration.ofHours(1));
  }

  /** A fresh client (and so a fresh TLS connection) trusting both test CAs. */
  static HttpClient client() throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("first", firstCa.certificate().certificate());
    trusted.setCertificateEntry("second", secondCa.certificate().certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
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
    ObjectNode cluster = AdmissionReviews.clusterJson(CLUSTER_SPEC);
    ((ObjectNode) cluster.get("spec")).put("partition", "nowhere");

    JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo("spec.partition: partition \"nowhere\" does not exist; valid partitions: mini-lab, vagrant");
    assertThat(response.at("/status/details/causes/0/field").asText()).isEqualTo("spec.partition");
  }

  @Test
  void validatingWebhookAdmitsDeprecatedImageWithWarnings() throws Exception {
    ObjectNode cluster = AdmissionReviews.clusterJson(CLUSTER_SPEC.replace("firewall-ubuntu-2.0.20201126", "firewall-ubuntu-2.1"));

    JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("warnings")).hasSize(2);
    assertThat(response.at("/warnings/0").asText())
        .isEqualTo("spec.xFirewallTemplate.spec.image: image \"firewall-ubuntu-2.1\" (resolves to"
            + " \"firewall-ubuntu-2.1.20210301\") is deprecated; consider a newer firewall image");
  }

  @Test
  void statusOnlyUpdateIsAdmitted() throws Exception {
    ObjectNode old = AdmissionReviews.clusterJson(CLUSTER_SPEC.replace("vagrant'", "nowhere'"));
    ObjectNode cluster = old.deepCopy();
    cluster.putObject("status").put("ready", true);

    JsonNode response = answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("UPDATE", cluster, old));

    assertThat(response.get("allowed").asBoolean()).isTrue();
  }

  @Test
  void mutatingWebhookAnswersWithJsonPatch() throws Exception {
    ObjectNode cluster = AdmissionReviews.clusterJson(CLUSTER_SPEC);

    JsonNode response = answer(WebhookPaths.MUTATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(read(new String(Base64.getDecoder().decode(response.get("patch").asText()), StandardCharsets.UTF_8)))
        .isEqualTo(read("[{'op': 'add', 'path': '/metadata/labels', 'value': {'app.kubernetes.io/managed-by': 'xcluster-operator'}}]"));
  }

  @Test
  void malformedBodiesGetBadRequest() throws Exception {
    ObjectNode firewall = AdmissionReviews.firewallJson("{}");
    String withoutRequest = "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview'}".replace('\'', '"');

    assertThat(post(WebhookPaths.VALIDATE_XCLUSTER, "this is not json").statusCode()).isEqualTo(400);
    assertThat(post(WebhookPaths.VALIDATE_XCLUSTER, "{\"kind\": \"Pod\"}").body())
        .isEqualTo("expected an AdmissionReview of admission.k8s.io/v1, got kind \"Pod\" of apiVersion \"\"");
    assertThat(post(WebhookPaths.MUTATE_XCLUSTER, withoutRequest).body()).isEqualTo("the AdmissionReview has no request");
    HttpResponse<String> wrongKind = post(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", firewall, null));
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.body()).isEqualTo("request.object is not a XCluster but a XFirewall of cluster.www.x-cellent.com/v1");
  }

  @Test
  void bodyOverThreeMebibytesGetsBadRequest() throws Exception {
    ObjectNode cluster = AdmissionReviews.clusterJson(CLUSTER_SPEC);
    ((ObjectNode) cluster.get("metadata")).putObject("annotations").put("padding", "x".repeat(3 * 1024 * 1024));

    HttpResponse<String> response = post(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", cluster, null));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("the admission review is larger than 3145728 bytes (3 MiB)");
  }

  @Test
  void rotatedCertificateOnDiskIsServedWithoutRestart() throws Exception {
    IssuedCertificate rotated = serving(secondCa);

    rotated.writePem(files.certificate(), files.privateKey());

    BigInteger rotatedSerial = rotated.certificate().getSerialNumber();
    // Vert.x 4.5 drops handshakes that arrive while updateSSLOptions builds the new context (an NPE
    // in TCPServerBase); polling through that window sees a failed handshake, hence the ignore.
    await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(java.io.IOException.class).until(() -> servedCertificate().getSerialNumber().equals(rotatedSerial));
    assertThat(answer(WebhookPaths.VALIDATE_XCLUSTER, AdmissionReviews.review("CREATE", AdmissionReviews.clusterJson(CLUSTER_SPEC), null))
        .get("allowed").asBoolean()).isTrue();
  }

  private static X509Certificate servedCertificate() throws Exception {
    HttpResponse<String> response = post("/healthz-not-served", "{}");
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}

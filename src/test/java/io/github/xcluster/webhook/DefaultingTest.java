package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.rules.SpecRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Defaulting through the admission path, down to the JSON patch the apiserver applies. */
class DefaultingTest {
    static SimulatedMetal metal;
    static ExecutorService workers;
    final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        workers.shutdownNow();
        metal.close();
    }

    private AdmissionResponse mutate(FirewallDefaults defaults, String kind, ObjectNode object) throws Exception {
        return mutate(defaults, kind, "CREATE", object, null);
    }

    private AdmissionResponse mutate(
            FirewallDefaults defaults, String kind, String operation, ObjectNode object, ObjectNode old)
            throws Exception {
        AdmissionControl control = new AdmissionControl(
                workers, Duration.ofSeconds(5), false, new AdmissionOutcomes(new SimpleMeterRegistry()));
        String body = AdmissionReviews.review(operation, object, old);
        try (SpecRules rules = metal.rules(defaults)) {
            AdmissionControl.Review review = kind.equals("XCluster")
                    ? control.defaulting(XCluster.class, new XClusterDefaulter(rules.defaulter()))
                    : control.defaulting(XFirewall.class, new XFirewallDefaulter(rules.defaulter()));
            Class<? extends HasMetadata> type = kind.equals("XCluster") ? XCluster.class : XFirewall.class;
            return review.answer(codec.read(body, type))
                    .toCompletableFuture()
                    .get()
                    .getResponse();
        }
    }

    static JsonNode patchOf(AdmissionResponse response) {
        return read(new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8));
    }

    @Test
    void clusterWithoutFirewallGetsNewestImageConfiguredSizeAndInternetNetworkAsAddsOnly() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(
                "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000'}");
        FirewallDefaults sizeOnly =
                new FirewallDefaults(Optional.empty(), Optional.of("v1-small-x86"), Optional.empty());

        AdmissionResponse response = mutate(sizeOnly, "XCluster", cluster);

        assertThat(response.getAllowed()).isTrue();
        assertThat(response.getPatchType()).isEqualTo("JSONPatch");
        assertThat(patchOf(response))
                .isEqualTo(read(
                        "[{'op': 'add', 'path': '/metadata/labels', 'value': {'app.kubernetes.io/managed-by': 'xcluster-operator'}},"
                                + " {'op': 'add', 'path': '/spec/xFirewallTemplate', 'value': {'spec': {'defaultNetworkID': 'internet-vagrant-lab',"
                                + " 'image': 'firewall-ubuntu-3.0.20240503', 'size': 'v1-small-x86'}}}]"));
        assertThat(JsonPatch.apply(patchOf(response), cluster)
                        .at("/spec/xFirewallTemplate/spec/image")
                        .asText())
                .isEqualTo("firewall-ubuntu-3.0.20240503");
    }

    @Test
    void shorthandImageIsPinnedAndNothingElseChanges() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(
                "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec':"
                        + " {'image': 'firewall-ubuntu-2.0', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab'}}}");
        ((ObjectNode) cluster.get("metadata")).putObject("labels").put("app.kubernetes.io/managed-by", "someone-else");

        AdmissionResponse response = mutate(FirewallDefaults.none(), "XCluster", cluster);

        assertThat(patchOf(response))
                .isEqualTo(
                        read(
                                "[{'op': 'replace', 'path': '/spec/xFirewallTemplate/spec/image', 'value': 'firewall-ubuntu-2.0.20201126'}]"));
    }

    @Test
    void anUpdateWithTheShorthandKeepsTheVersionItStoodForSoNoFirewallRollsOut() throws Exception {
        ObjectNode old = clusterWithImage("firewall-ubuntu-2.0.20201004");
        ObjectNode reapplied = clusterWithImage("firewall-ubuntu-2.0");

        assertThat(patchOf(mutate(FirewallDefaults.none(), "XCluster", "UPDATE", reapplied, old)))
                .isEqualTo(
                        read(
                                "[{'op': 'replace', 'path': '/spec/xFirewallTemplate/spec/image', 'value': 'firewall-ubuntu-2.0.20201004'}]"));
    }

    @Test
    void anUpdateToAnotherShorthandPinsItsNewestVersion() throws Exception {
        ObjectNode old = clusterWithImage("firewall-ubuntu-3.0.20240503");
        ObjectNode reverted = clusterWithImage("firewall-ubuntu-2.0");

        assertThat(patchOf(mutate(FirewallDefaults.none(), "XCluster", "UPDATE", reverted, old)))
                .isEqualTo(
                        read(
                                "[{'op': 'replace', 'path': '/spec/xFirewallTemplate/spec/image', 'value': 'firewall-ubuntu-2.0.20201126'}]"));
    }

    @Test
    void anUpdateThatLeavesTheTemplateAloneIsNotDefaulted() throws Exception {
        ObjectNode old = clusterWithImage("firewall-ubuntu-2.0");
        ObjectNode labelled = clusterWithImage("firewall-ubuntu-2.0");
        ((ObjectNode) labelled.get("metadata")).putObject("labels").put("team", "web");

        assertThat(patchOf(mutate(FirewallDefaults.none(), "XCluster", "UPDATE", labelled, old)))
                .isEqualTo(read("[]"));
    }

    private static ObjectNode clusterWithImage(String image) {
        return AdmissionReviews.clusterJson(
                "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec':"
                        + " {'image': '" + image
                        + "', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab'}}}");
    }

    @Test
    void configuredDefaultsWinOverWhatMetalApiOffersAndArePinned() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(
                "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec': {}}}");
        FirewallDefaults configured = new FirewallDefaults(
                Optional.of("firewall-ubuntu-2.0"), Optional.of("c1-xlarge-x86"), Optional.of("internet-mini-lab"));

        JsonNode patched = JsonPatch.apply(patchOf(mutate(configured, "XCluster", cluster)), cluster);

        assertThat(patched.at("/spec/xFirewallTemplate/spec"))
                .isEqualTo(
                        read(
                                "{'image': 'firewall-ubuntu-2.0.20201126', 'size': 'c1-xlarge-x86', 'defaultNetworkID': 'internet-mini-lab'}"));
    }

    @Test
    void completeLabelledClusterGetsAnEmptyPatch() throws Exception {
        ObjectNode cluster = AdmissionReviews.clusterJson(
                "{'partition': 'vagrant', 'projectID': '00000000-0000-0000-0000-000000000000', 'xFirewallTemplate': {'spec':"
                        + " {'image': 'firewall-ubuntu-2.0.20201126', 'size': 'v1-small-x86', 'defaultNetworkID': 'internet-vagrant-lab'}}}");
        ((ObjectNode) cluster.get("metadata"))
                .putObject("labels")
                .put("app.kubernetes.io/managed-by", "xcluster-operator");

        assertThat(patchOf(mutate(FirewallDefaults.none(), "XCluster", cluster)))
                .isEqualTo(read("[]"));
    }

    @Test
    void firewallGetsImageAndNetworkOfItsPartition() throws Exception {
        ObjectNode firewall = AdmissionReviews.firewallJson(
                "{'partitionID': 'mini-lab', 'projectID': '00000000-0000-0000-0000-000000000000', 'privateNetworkID': 'n1', 'size': 'v1-small-x86'}");

        JsonNode patch = patchOf(mutate(FirewallDefaults.none(), "XFirewall", firewall));

        assertThat(patch.findValuesAsText("op")).containsOnly("add");
        assertThat(JsonPatch.apply(patch, firewall).get("spec"))
                .isEqualTo(
                        read(
                                "{'partitionID': 'mini-lab', 'projectID': '00000000-0000-0000-0000-000000000000', 'privateNetworkID': 'n1',"
                                        + " 'size': 'v1-small-x86', 'image': 'firewall-ubuntu-3.0.20240503', 'defaultNetworkID': 'internet-mini-lab'}"));
    }
}

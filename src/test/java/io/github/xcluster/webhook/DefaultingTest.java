package io.github.xcluster.webhook;

import static io.github.xcluster.webhook.AdmissionReviews.read;
import static io.github.xcluster.webhook.SimulatedMetal.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.github.xcluster.api.XCluster;
import io.github.xcluster.api.XFirewall;
import io.javaoperatorsdk.webhook.admission.AsyncAdmissionController;
import io.javaoperatorsdk.webhook.admission.mutation.Mutator;
import io.javaoperatorsdk.webhook.clone.ObjectMapperCloner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Defaulting through the framework's mutation path, down to the JSON patch the apiserver applies. */
class DefaultingTest {
    static SimulatedMetal metal;
    static SpecConstraints constraints;
    static ExecutorService workers;
    final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @BeforeAll
    static void start() {
        metal = SimulatedMetal.start();
        constraints = new SpecConstraints();
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        workers.shutdownNow();
        constraints.close();
        metal.close();
    }

    private AdmissionResponse mutate(FirewallDefaults defaults, String kind, ObjectNode object) throws Exception {
        AdmissionRules rules = new AdmissionRules(defaults, metal.lookups(), constraints, CLOCK);
        AdmissionRunner runner = new AdmissionRunner(
                workers, Duration.ofSeconds(5), new MetalOutagePolicy(false, Duration.ofSeconds(5)));
        String body = AdmissionReviews.review("CREATE", object, null);
        if (kind.equals("XCluster")) {
            return controller(rules.clusterDefaulter, runner)
                    .handle(codec.read(body, XCluster.class))
                    .toCompletableFuture()
                    .get()
                    .getResponse();
        }
        return controller(rules.firewallDefaulter, runner)
                .handle(codec.read(body, XFirewall.class))
                .toCompletableFuture()
                .get()
                .getResponse();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> AsyncAdmissionController<T> controller(
            Mutator<T> defaulter, AdmissionRunner runner) {
        return new AsyncAdmissionController<>(new BoundedMutator<>(defaulter, new ObjectMapperCloner<>(), runner));
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

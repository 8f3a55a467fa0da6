package io.github.xcluster.it;

import static io.github.xcluster.it.WalkthroughTest.assertSucceeded;
import static io.github.xcluster.it.WalkthroughTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.github.xcluster.api.Ids;
import io.github.xcluster.api.XClusterSpec;
import io.github.xcluster.api.XFirewall;
import io.github.xcluster.dev.Kubectl;
import io.github.xcluster.dev.LocalWorld;
import io.github.xcluster.testing.Samples;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD schema alone, as an operator run with WEBHOOKS_ENABLED=false leaves it: the API server
 * refuses changes of immutable fields and malformed ids by the rules and patterns generated from
 * the model.
 */
class SchemaWithoutWebhooksTest {
    private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    private static final String OTHER_PROJECT = "11111111-1111-1111-1111-111111111111";
    private static final String MACHINE = "e0ab02d2-27cd-5a5e-8efc-080ba80cf258";
    private static final String OTHER_MACHINE = "2294c949-88f6-5390-8154-fa53d93a3313";

    private static LocalWorld world;
    private static Kubectl kubectl;
    private static String namespace;

    @BeforeAll
    static void startWorldWithoutWebhooks() {
        world = LocalWorld.start(
                LocalWorld.Options.forTests(Path.of("target/schema-world")).withoutWebhooks(), System.getenv());
        kubectl = world.kubectl();
        namespace = "schema";
        world.client()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    private static Kubectl.Result apply(String manifest) {
        return kubectl.runWithInput(manifest, "apply", "-f", "-");
    }

    private static void assertRefused(Kubectl.Result result, String... messageParts) {
        assertThat(result.exitCode())
                .as("kubectl apply should have been refused: %s", result.stdout())
                .isNotZero();
        assertThat(result.stderr()).contains(messageParts);
    }

    private static String field(String kind, String name, String jsonPath) {
        Kubectl.Result result =
                kubectl.run("get", kind + "/" + name, "-n", namespace, "-o", "jsonpath={" + jsonPath + "}");
        assertSucceeded(result);
        return result.stdout();
    }

    @Test
    void noAdmissionWebhookIsRegistered() {
        assertThat(kubectl.run("get", "validatingwebhookconfigurations,mutatingwebhookconfigurations", "-o", "name")
                        .stdout())
                .isBlank();
    }

    @Test
    void theTutorialSampleApplies() {
        Kubectl.Result applied = kubectl.run("apply", "-f", "config/samples/cluster_v1_xcluster.yaml");
        assertSucceeded(applied);
        assertThat(applied.stdout()).contains("xcluster.cluster.www.x-cellent.com/x-cellent created");
    }

    @Test
    void aChangedPartitionIsRefused() {
        assertSucceeded(apply(sample(namespace, "moving")));
        assertRefused(
                apply(sample(namespace, "moving").replace("partition: vagrant", "partition: mini-lab")),
                "spec.partition: Invalid value: \"string\": is immutable; " + XClusterSpec.WHY_PARTITION_IMMUTABLE);
        assertThat(field("xcluster", "moving", ".spec.partition")).isEqualTo("vagrant");
    }

    @Test
    void aChangedProjectIsRefused() {
        assertSucceeded(apply(sample(namespace, "reowned")));
        assertRefused(
                apply(sample(namespace, "reowned").replace(PROJECT, OTHER_PROJECT)),
                "spec.projectID: Invalid value: \"string\": is immutable; " + XClusterSpec.WHY_PROJECT_IMMUTABLE);
        assertThat(field("xcluster", "reowned", ".spec.projectID")).isEqualTo(PROJECT);
    }

    @Test
    void aPrivateNetworkMayBeSetOnceAndThenNeitherChangedNorRemoved() {
        String withoutNetwork = sample(namespace, "networked");
        String withNetwork = withNetwork(withoutNetwork, "private-a");
        assertSucceeded(apply(withoutNetwork));
        assertSucceeded(apply(withNetwork));
        String refusal = "spec.privateNetworkID: Invalid value: \"object\": is immutable once set; "
                + XClusterSpec.WHY_PRIVATE_NETWORK_IMMUTABLE;
        assertRefused(apply(withNetwork(withoutNetwork, "private-b")), refusal);
        assertRefused(apply(withoutNetwork), refusal);
        assertThat(field("xcluster", "networked", ".spec.privateNetworkID")).isEqualTo("private-a");
    }

    private static String withNetwork(String cluster, String networkId) {
        return cluster.replace(
                "  projectID: " + PROJECT + "\n",
                "  projectID: " + PROJECT + "\n  privateNetworkID: " + networkId + "\n");
    }

    @Test
    void theFirewallTemplateOfAClusterMayChange() {
        assertSucceeded(apply(sample(namespace, "retemplated")));
        assertSucceeded(apply(sample(namespace, "retemplated")
                .replace("image: firewall-ubuntu-2.0", "image: firewall-ubuntu-3.0")
                .replace("size: v1-small-x86", "size: c1-xlarge-x86")));
        assertThat(field("xcluster", "retemplated", ".spec.xFirewallTemplate.spec.image"))
                .isEqualTo("firewall-ubuntu-3.0");
    }

    @Test
    void aMalformedPartitionIsRefusedByThePattern() {
        assertRefused(
                apply(sample(namespace, "bad-partition").replace("partition: vagrant", "partition: no/where")),
                "spec.partition: Invalid value: \"no/where\": spec.partition in body should match '" + Ids.NAME_PATTERN
                        + "'");
    }

    @Test
    void aMalformedProjectIsRefusedByThePattern() {
        assertRefused(
                apply(sample(namespace, "bad-project").replace(PROJECT, "not-a-uuid")),
                "spec.projectID: Invalid value: \"not-a-uuid\": spec.projectID in body should match '"
                        + Ids.UUID_PATTERN + "'");
    }

    @Test
    void aMalformedFirewallImageIsRefusedByThePattern() {
        Map<String, String> spec = firewallSpec();
        spec.put("image", "firewall ubuntu");
        assertRefused(
                apply(firewall("bad-image", spec)),
                "spec.image: Invalid value: \"firewall ubuntu\": spec.image in body should match '" + Ids.NAME_PATTERN
                        + "'");
    }

    static Stream<Arguments> immutableFirewallFields() {
        return Stream.of(
                Arguments.of("partitionID", "mini-lab", "is immutable; " + XFirewall.WHY_PARTITION_IMMUTABLE),
                Arguments.of("projectID", OTHER_PROJECT, "is immutable; " + XFirewall.WHY_PROJECT_IMMUTABLE),
                Arguments.of(
                        "privateNetworkID",
                        "private-b",
                        "is immutable once set; " + XFirewall.WHY_PRIVATE_NETWORK_IMMUTABLE),
                Arguments.of("image", "firewall-ubuntu-3.0", "is immutable; " + XFirewall.WHY_IMAGE_IMMUTABLE),
                Arguments.of("size", "c1-xlarge-x86", "is immutable; " + XFirewall.WHY_SIZE_IMMUTABLE),
                Arguments.of("machineID", OTHER_MACHINE, "is immutable; " + XFirewall.WHY_MACHINE_IMMUTABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immutableFirewallFields")
    void aChangedFirewallFieldIsRefused(String name, String changed, String message) {
        String firewallName = "fw-" + name.toLowerCase();
        Map<String, String> spec = firewallSpec();
        String original = spec.get(name);
        assertSucceeded(apply(firewall(firewallName, spec)));
        spec.put(name, changed);
        assertRefused(apply(firewall(firewallName, spec)), "spec." + name + ": Invalid value: \"object\": " + message);
        spec.remove(name);
        assertRefused(apply(firewall(firewallName, spec)), "spec." + name + ": Invalid value: \"object\": " + message);
        assertThat(field("xfirewall", firewallName, ".spec." + name)).isEqualTo(original);
    }

    @Test
    void aMachineCannotBeChosenForAnExistingFirewall() {
        Map<String, String> spec = firewallSpec();
        spec.remove("machineID");
        assertSucceeded(apply(firewall("fw-unplaced", spec)));
        spec.put("machineID", MACHINE);
        assertRefused(
                apply(firewall("fw-unplaced", spec)),
                "spec.machineID: Invalid value: \"object\": is immutable; " + XFirewall.WHY_MACHINE_IMMUTABLE);
    }

    @Test
    void aFirewallsPrivateNetworkMayBeSetLater() {
        Map<String, String> spec = firewallSpec();
        spec.remove("privateNetworkID");
        assertSucceeded(apply(firewall("fw-late-network", spec)));
        spec.put("privateNetworkID", "private-a");
        assertSucceeded(apply(firewall("fw-late-network", spec)));
        assertThat(field("xfirewall", "fw-late-network", ".spec.privateNetworkID"))
                .isEqualTo("private-a");
    }

    @Test
    void aRuleSetIsAdmittedAndAPortOutOfRangeOrADigitInACommentAreRefusedByTheSchema() {
        String valid = """
                  initialRuleSet:
                    egress:
                    - protocol: UDP
                      ports: [53]
                      to: [1.1.1.1/32]
                      comment: dns
                    ingress:
                    - ports: [443]
                      from: [203.0.113.0/24]
                      comment: web ingress
                """;
        assertSucceeded(apply(firewall("fw-rules", firewallSpec()) + valid));
        assertThat(field("xfirewall", "fw-rules", ".spec.initialRuleSet.egress[0].protocol"))
                .isEqualTo("UDP");

        String invalid = """
                  initialRuleSet:
                    egress:
                    - ports: [53, 70000]
                      to: [1.1.1.1/32]
                      comment: dns 53
                """;
        assertRefused(
                apply(firewall("fw-bad-rules", firewallSpec()) + invalid),
                "spec.initialRuleSet.egress[0].ports: Invalid value: \"array\": each port must be between 1 and 65535",
                "spec.initialRuleSet.egress[0].comment: Invalid value: \"dns 53\": spec.initialRuleSet.egress[0]"
                        + ".comment in body should match '^[A-Za-z_ -]*$'");
    }

    @Test
    void aFirewallsKeysAndRulesCannotChangeOnceItExists() {
        String keys = """
                  sshPublicKeys: [%s]
                """.formatted(Samples.SSH_KEY);
        String rules = """
                  initialRuleSet:
                    egress:
                    - ports: [443]
                      to: [0.0.0.0/0]
                """;
        assertSucceeded(apply(firewall("fw-sealed", firewallSpec()) + keys + rules));

        assertRefused(
                apply(firewall("fw-sealed", firewallSpec()) + rules),
                "spec.sshPublicKeys: Invalid value: \"object\": is immutable; " + XFirewall.WHY_KEYS_IMMUTABLE);
        assertRefused(
                apply(firewall("fw-sealed", firewallSpec()) + keys + rules.replace("443", "8443")),
                "spec.initialRuleSet: Invalid value: \"object\": is immutable; " + XFirewall.WHY_RULES_IMMUTABLE);
        assertThat(field("xfirewall", "fw-sealed", ".spec.initialRuleSet.egress[0].ports[0]"))
                .isEqualTo("443");
    }

    private static Map<String, String> firewallSpec() {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("defaultNetworkID", "internet-vagrant-lab");
        spec.put("image", "firewall-ubuntu-2.0.20201126");
        spec.put("size", "v1-small-x86");
        spec.put("machineID", MACHINE);
        spec.put("partitionID", "vagrant");
        spec.put("projectID", PROJECT);
        spec.put("privateNetworkID", "private-a");
        return spec;
    }

    private static String firewall(String name, Map<String, String> spec) {
        return """
        apiVersion: cluster.www.x-cellent.com/v1
        kind: XFirewall
        metadata:
          name: %s
          namespace: %s
        spec:
        %s
        """.formatted(
                        name,
                        namespace,
                        spec.entrySet().stream()
                                .map(entry -> "  " + entry.getKey() + ": " + entry.getValue())
                                .collect(Collectors.joining("\n")));
    }
}

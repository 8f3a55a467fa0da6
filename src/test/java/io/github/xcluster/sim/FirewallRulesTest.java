package io.github.xcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.xcluster.metal.FirewallRules;
import io.github.xcluster.metal.FirewallRules.Rule;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.Machine;
import io.github.xcluster.metal.MachineAllocationRequest;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.metal.MetalApiException;
import io.github.xcluster.metal.Network;
import io.github.xcluster.metal.NetworkAllocationRequest;
import io.github.xcluster.testing.MetalCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator takes a firewall's {@code firewall_rules} as metal-api does: checked, stored and shown. */
class FirewallRulesTest {
    private static final String METAL_KEY = "metal-admin";
    private static final String COMMENT_CHARACTERS = "only: \"abcdefghijklmnopqrstuvwxyz_- \" allowed";

    private static MetalSimulator simulator;
    private static MetalApi metal;
    private static MetalCalls calls;
    private static Network network;

    @BeforeAll
    static void start() {
        simulator = MetalSimulator.builder()
                .hmacKey(METAL_KEY)
                .machinesPerSize(4)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        metal = HttpMetalApi.connect(MetalApiConfig.of(simulator.baseUrl(), METAL_KEY));
        calls = MetalCalls.admin(simulator.baseUrl(), METAL_KEY);
        network = metal.allocateNetwork(
                new NetworkAllocationRequest(SimSeed.PROJECT_ID, "vagrant", "rules", "", Map.of()));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void theRulesOfAFirewallComeBackLowerCasedInItsAllocation() throws Exception {
        FirewallRules rules = new FirewallRules(
                List.of(new Rule("UDP", List.of(53), List.of(), List.of("1.1.1.1/32", "8.8.8.8/32"), "dns")),
                List.of(
                        new Rule("tcp", List.of(443), List.of("0.0.0.0/0"), List.of(), "Web Ingress"),
                        new Rule("Tcp", List.of(22), List.of("2001:db8::/32"), List.of("2001:db8:1::/48"), "")));

        Machine firewall = metal.allocateFirewall(firewallRequest("fw-with-rules"), rules);

        JsonNode expected = new ObjectMapper().readTree("""
                {"egress": [{"protocol": "udp", "ports": [53], "to": ["1.1.1.1/32", "8.8.8.8/32"], "comment": "dns"}],
                 "ingress": [{"protocol": "tcp", "ports": [443], "from": ["0.0.0.0/0"], "comment": "Web Ingress"},
                             {"protocol": "tcp", "ports": [22], "to": ["2001:db8:1::/48"], "from": ["2001:db8::/32"]}]}
                """);
        for (String route : List.of("/v1/firewall/", "/v1/machine/")) {
            MetalCalls.Answer answer = calls.get(route + firewall.id());
            assertThat(answer.status()).as(answer.message()).isEqualTo(200);
            assertThat(answer.body().path("allocation").path("firewall_rules"))
                    .as(route)
                    .isEqualTo(expected);
        }
        metal.freeMachine(firewall.id());
    }

    @Test
    void aFirewallWithoutRulesAndAMachineGivenRulesShowNone() {
        Machine firewall = metal.allocateFirewall(firewallRequest("fw-without-rules"), FirewallRules.NONE);
        MetalCalls.Answer machine = calls.post(
                "/v1/machine/allocate",
                Map.of(
                        "projectid",
                        SimSeed.PROJECT_ID,
                        "partitionid",
                        "vagrant",
                        "sizeid",
                        SimSeed.SMALL_SIZE,
                        "imageid",
                        "ubuntu-cloud-init-20.04",
                        "networks",
                        List.of(Map.of("networkid", network.id())),
                        "firewall_rules",
                        Map.of("egress", List.of(Map.of("protocol", "icmp", "ports", List.of(1))))));

        assertThat(machine.status())
                .as("a machine allocation ignores firewall_rules")
                .isEqualTo(200);
        assertThat(machine.body().path("allocation").has("firewall_rules")).isFalse();
        assertThat(calls.get("/v1/firewall/" + firewall.id())
                        .body()
                        .path("allocation")
                        .has("firewall_rules"))
                .isFalse();
        metal.freeMachine(firewall.id());
        metal.freeMachine(machine.body().path("id").asText());
    }

    @Test
    void aRuleMetalApiRefusesAnswers400InItsWordsAndAllocatesNothing() {
        assertRefused(egress("icmp", List.of(1), List.of("10.0.0.0/8"), ""), "no such protocol: icmp");
        assertRefused(
                egress("tcp", List.of(80), List.of("10.0.0.0/8"), "port 80"),
                "egress rule with error:illegal character in comment found, " + COMMENT_CHARACTERS);
        assertRefused(
                egress("tcp", List.of(80), List.of("10.0.0.0/8"), "a".repeat(101)),
                "egress rule with error:comments can not exceed 100 characters");
        assertRefused(
                egress("udp", List.of(53, 65536), List.of("10.0.0.0/8"), ""),
                "egress rule with error:port is out of range");
        assertRefused(
                egress("udp", List.of(53), List.of("10.0.0/8"), ""),
                "egress rule with error:invalid cidr: netip.ParsePrefix(\"10.0.0/8\"): ParseAddr(\"10.0.0\"):"
                        + " IPv4 address too short");
        assertRefused(
                egress("udp", List.of(53), List.of("10.0.0.0/8", "2001:db8::/32"), ""),
                "egress rule with error:mixed address family in one rule is not supported:[10.0.0.0/8 2001:db8::/32]");
        assertRefused(
                ingress("TCP", List.of(-1), List.of("10.0.0.0/8"), List.of(), ""),
                "ingress rule with error:port is out of range");
        assertRefused(
                ingress("tcp", List.of(22), List.of("example.com/24"), List.of(), ""),
                "ingress rule with error:invalid cidr: netip.ParsePrefix(\"example.com/24\"):"
                        + " ParseAddr(\"example.com\"): unexpected character (at \"example.com\")");
        assertRefused(
                ingress("tcp", List.of(22), List.of("10.0.0.0/8"), List.of("fe80::1%eth0/64"), ""),
                "ingress rule with error:invalid cidr: netip.ParsePrefix(\"fe80::1%eth0/64\"):"
                        + " IPv6 zones cannot be present in a prefix");
        assertRefused(
                ingress("tcp", List.of(22), List.of("10.0.0.0/8"), List.of("2001:db8::/32"), ""),
                "ingress rule with error:mixed address family in one rule is not supported:[10.0.0.0/8 2001:db8::/32]");

        assertThat(calls.post("/v1/firewall/find", Map.of("allocation_name", "fw-refused"))
                        .body())
                .isEmpty();
        assertThat(calls.post("/v1/ip/find", Map.of("name", "fw-refused")).body())
                .isEmpty();
    }

    @Test
    void theRulesAreCheckedAsMetalApiDecodesThem() {
        MetalCalls.Answer answer = calls.post(
                "/v1/firewall/allocate",
                Map.of(
                        "projectid",
                        SimSeed.PROJECT_ID,
                        "partitionid",
                        "vagrant",
                        "sizeid",
                        SimSeed.SMALL_SIZE,
                        "imageid",
                        "firewall-ubuntu-2.0",
                        "networks",
                        List.of(Map.of("networkid", "internet-vagrant-lab"), Map.of("networkid", network.id())),
                        "firewall_rules",
                        Map.of("ingress", List.of(Map.of("ports", List.of(4294967296L), "from", List.of("::/0"))))));

        assertThat(answer).isEqualTo(MetalCalls.Answer.error(400, "ingress rule with error:port is out of range"));
    }

    private static void assertRefused(FirewallRules rules, String message) {
        assertThatThrownBy(() -> metal.allocateFirewall(firewallRequest("fw-refused"), rules))
                .isInstanceOf(MetalApiException.Rejected.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MetalApiException) e).statusCode()).isEqualTo(400));
    }

    private static FirewallRules egress(String protocol, List<Integer> ports, List<String> to, String comment) {
        return new FirewallRules(List.of(new Rule(protocol, ports, List.of(), to, comment)), List.of());
    }

    private static FirewallRules ingress(
            String protocol, List<Integer> ports, List<String> from, List<String> to, String comment) {
        return new FirewallRules(List.of(), List.of(new Rule(protocol, ports, from, to, comment)));
    }

    private static MachineAllocationRequest firewallRequest(String name) {
        return new MachineAllocationRequest(
                name,
                name + "-firewall",
                "",
                SimSeed.PROJECT_ID,
                "vagrant",
                SimSeed.SMALL_SIZE,
                "firewall-ubuntu-2.0",
                null,
                List.of("internet-vagrant-lab", network.id()),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of());
    }
}

package io.github.xcluster.contract;

import static io.github.xcluster.metal.AuthType.ADMIN;
import static io.github.xcluster.metal.AuthType.EDIT;
import static io.github.xcluster.metal.AuthType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.contract.UpstreamWalk.SpecFault;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.testing.MetalCalls.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route the simulator serves, on its happy path and on each error it gives, checked against
 * the upstream metal-api spec (not our subset): required fields, types and enums of every answer.
 */
class UpstreamContractTest {
    private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    private static final String UNKNOWN = "does-not-exist";
    private static final Map<AuthType, String> KEYS =
            Map.of(VIEW, "metal-view", EDIT, "metal-edit", ADMIN, "metal-admin");
    private static final SpecFault PLAIN_TEXT_415 =
            new SpecFault("the router answers 415 in plain text before any handler (FACTS §5.17)");
    private static final SpecFault PROJECT_FIND_NULL =
            new SpecFault("project find answers JSON null when nothing matches, the spec says a list (FACTS §5.10)");

    private MetalSimulator simulator;
    private UpstreamWalk walk;

    @BeforeEach
    void start() {
        simulator = MetalSimulator.builder()
                .hmacKeys(KEYS)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        walk = new UpstreamWalk(simulator.baseUrl(), KEYS);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void everyAnswerOfEveryRouteSatisfiesTheUpstreamSchema() {
        readOnlyRoutes();
        String network = networkRoutes();
        String staticIp = ipRoutes();
        machineAndFirewallRoutes(network, staticIp);

        assertThat(walk.violations())
                .as("answers that break ../shared/metal-api/metal-api.json")
                .isEmpty();
        assertThat(routesWalked())
                .as("every route the simulator serves is walked with a successful answer")
                .containsAll(simulator.endpoints());
    }

    private void readOnlyRoutes() {
        expect(200, walk.get("/v1/health", null));
        expect(200, walk.get("/v1/version", null));
        expect(200, walk.get("/v1/partition", VIEW));
        expect(403, walk.get("/v1/partition", null));
        expect(200, walk.get("/v1/partition/vagrant", VIEW));
        expect(404, walk.get("/v1/partition/" + UNKNOWN, VIEW));
        expect(200, walk.post("/v1/partition/capacity", "{}", VIEW));
        expect(200, walk.post("/v1/partition/capacity", "{\"id\":\"vagrant\",\"sizeid\":\"v1-small-x86\"}", VIEW));
        expect(400, walk.post("/v1/partition/capacity", "{\"id\":\"" + UNKNOWN + "\"}", VIEW));
        expect(400, walk.call("POST", "/v1/partition/capacity", "", VIEW, Optional.empty()));
        expect(415, walk.call("POST", "/v1/partition/capacity", null, VIEW, Optional.of(PLAIN_TEXT_415)));
        expect(200, walk.get("/v1/project/" + PROJECT, VIEW));
        expect(404, walk.get("/v1/project/" + UNKNOWN, VIEW));
        expect(200, walk.get("/v1/project", VIEW));
        expect(200, walk.post("/v1/project/find", "{}", VIEW));
        expect(
                200,
                walk.call(
                        "POST",
                        "/v1/project/find",
                        "{\"name\":\"" + UNKNOWN + "\"}",
                        VIEW,
                        Optional.of(PROJECT_FIND_NULL)));
        expect(200, walk.get("/v1/image", VIEW));
        expect(200, walk.get("/v1/image/firewall-ubuntu-2.0.20201126", VIEW));
        expect(404, walk.get("/v1/image/" + UNKNOWN, VIEW));
        expect(200, walk.get("/v1/image/firewall-ubuntu-2.0/latest", VIEW));
        expect(404, walk.get("/v1/image/firewall-debian-9.9/latest", VIEW));
        expect(422, walk.get("/v1/image/ubuntu/latest", VIEW));
        expect(200, walk.post("/v1/image/find", "{\"features\":[\"firewall\"]}", VIEW));
        expect(200, walk.get("/v1/size", VIEW));
        expect(200, walk.get("/v1/size/v1-small-x86", VIEW));
        expect(404, walk.get("/v1/size/" + UNKNOWN, VIEW));
        String sizeAndImage = "{\"size\":\"v1-small-x86\",\"image\":\"firewall-ubuntu-2.0\"}";
        expect(200, walk.post("/v1/size-image-constraint/try", sizeAndImage, ADMIN));
        expect(403, walk.post("/v1/size-image-constraint/try", sizeAndImage, EDIT));
        expect(400, walk.post("/v1/size-image-constraint/try", "{}", ADMIN));
        expect(
                404,
                walk.post(
                        "/v1/size-image-constraint/try",
                        "{\"size\":\"" + UNKNOWN + "\",\"image\":\"firewall-ubuntu-2.0\"}",
                        ADMIN));
    }

    private String networkRoutes() {
        String allocate = "{\"projectid\":\"" + PROJECT + "\",\"partitionid\":\"vagrant\",\"name\":\"walk\","
                + "\"labels\":{\"walk\":\"upstream\"}}";
        Answer network = walk.post("/v1/network/allocate", allocate, EDIT);
        expect(201, network);
        expect(403, walk.post("/v1/network/allocate", allocate, VIEW));
        expect(400, walk.post("/v1/network/allocate", "{}", EDIT));
        expect(
                404,
                walk.post(
                        "/v1/network/allocate",
                        "{\"projectid\":\"" + UNKNOWN + "\",\"partitionid\":\"vagrant\"}",
                        EDIT));
        expect(200, walk.get("/v1/network", VIEW));
        expect(200, walk.post("/v1/network/find", "{\"labels\":{\"walk\":\"upstream\"}}", VIEW));
        String id = network.body().path("id").asText();
        expect(200, walk.get("/v1/network/" + id, VIEW));
        expect(200, walk.get("/v1/network/internet-vagrant-lab", VIEW));
        expect(200, walk.get("/v1/network/underlay-vagrant-lab", VIEW));
        expect(404, walk.get("/v1/network/" + UNKNOWN, VIEW));
        String unused = walk.post("/v1/network/allocate", allocate, EDIT)
                .body()
                .path("id")
                .asText();
        expect(200, walk.delete("/v1/network/free/" + unused, EDIT));
        return id;
    }

    private String ipRoutes() {
        String onInternet = "\"networkid\":\"internet-vagrant-lab\",\"projectid\":\"" + PROJECT + "\"";
        Answer ephemeral = walk.post("/v1/ip/allocate", "{" + onInternet + ",\"type\":\"ephemeral\"}", EDIT);
        expect(201, ephemeral);
        Answer chosen = walk.post(
                "/v1/ip/allocate/185.24.0.200",
                "{" + onInternet + ",\"type\":\"static\",\"name\":\"ingress\",\"tags\":[\"walk=upstream\"]}",
                EDIT);
        expect(201, chosen);
        expect(409, walk.post("/v1/ip/allocate/185.24.0.200", "{" + onInternet + ",\"type\":\"static\"}", EDIT));
        expect(422, walk.post("/v1/ip/allocate/10.99.0.1", "{" + onInternet + ",\"type\":\"static\"}", EDIT));
        expect(400, walk.post("/v1/ip/allocate", "{\"type\":\"static\"}", EDIT));
        expect(
                404,
                walk.post(
                        "/v1/ip/allocate",
                        "{\"networkid\":\"" + UNKNOWN + "\",\"projectid\":\"" + PROJECT + "\",\"type\":\"static\"}",
                        EDIT));
        expect(403, walk.post("/v1/ip/allocate", "{" + onInternet + ",\"type\":\"static\"}", VIEW));
        String address = ephemeral.body().path("ipaddress").asText();
        expect(200, walk.get("/v1/ip/" + address, VIEW));
        expect(404, walk.get("/v1/ip/185.24.0.250", VIEW));
        expect(200, walk.get("/v1/ip", VIEW));
        expect(200, walk.post("/v1/ip/find", "{\"tags\":[\"walk=upstream\"]}", VIEW));
        expect(200, walk.delete("/v1/ip/free/" + address, EDIT));
        expect(404, walk.delete("/v1/ip/free/" + address, EDIT));
        return chosen.body().path("ipaddress").asText();
    }

    private void machineAndFirewallRoutes(String network, String staticIp) {
        String networks = "\"networks\":[{\"networkid\":\"internet-vagrant-lab\"},{\"networkid\":\"" + network + "\"}]";
        String placement = "\"projectid\":\"" + PROJECT + "\",\"partitionid\":\"vagrant\",\"sizeid\":\"v1-small-x86\",";
        Answer firewall = walk.post(
                "/v1/firewall/allocate",
                "{" + placement + "\"name\":\"fw\",\"imageid\":\"firewall-ubuntu-2.0\",\"tags\":[\"walk=upstream\"],"
                        + networks + "," + rules("10.0.0.0/8") + "}",
                EDIT);
        expect(200, firewall);
        expect(
                400,
                walk.post(
                        "/v1/firewall/allocate",
                        "{" + placement + "\"imageid\":\"firewall-ubuntu-2.0\"," + networks + "," + rules("10.0.0/8")
                                + "}",
                        EDIT));
        expect(
                400,
                walk.post(
                        "/v1/firewall/allocate",
                        "{" + placement + "\"imageid\":\"ubuntu-20.04\"," + networks + "}",
                        EDIT));
        Answer machine = walk.post(
                "/v1/machine/allocate",
                "{" + placement + "\"name\":\"worker\",\"imageid\":\"ubuntu-20.04\",\"tags\":[\"walk=upstream\"],"
                        + "\"ips\":[\"" + staticIp + "\"],\"networks\":[{\"networkid\":\"" + network + "\"},"
                        + "{\"networkid\":\"internet-vagrant-lab\",\"autoacquire\":false}]}",
                EDIT);
        expect(200, machine);
        expect(
                422,
                walk.post(
                        "/v1/machine/allocate",
                        "{" + placement + "\"imageid\":\"ubuntu-20.04\",\"networks\":[{\"networkid\":\"" + network
                                + "\"}]}",
                        EDIT));
        expect(400, walk.post("/v1/machine/allocate", "{" + placement + "\"imageid\":\"ubuntu-20.04\"}", EDIT));
        String firewallId = firewall.body().path("id").asText();
        String machineId = machine.body().path("id").asText();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> walk.get("/v1/machine/" + machineId, VIEW)
                                .body()
                                .path("events")
                                .path("log")
                                .path(0)
                                .path("event")
                                .asText(),
                        "Phoned Home"::equals);
        expect(200, walk.get("/v1/firewall", VIEW));
        expect(200, walk.post("/v1/firewall/find", "{\"tags\":[\"walk=upstream\"]}", VIEW));
        expect(200, walk.get("/v1/firewall/" + firewallId, VIEW));
        expect(404, walk.get("/v1/firewall/" + machineId, VIEW));
        expect(200, walk.get("/v1/machine", VIEW));
        expect(200, walk.post("/v1/machine/find", "{\"allocation_project\":\"" + PROJECT + "\"}", VIEW));
        expect(200, walk.get("/v1/machine/" + machineId, VIEW));
        expect(400, walk.delete("/v1/ip/free/" + staticIp, EDIT));
        expect(404, walk.get("/v1/machine/" + UNKNOWN, VIEW));
        expect(422, walk.delete("/v1/network/free/" + network, EDIT));
        expect(200, walk.delete("/v1/machine/" + firewallId + "/free", EDIT));
        expect(200, walk.delete("/v1/machine/" + machineId + "/free", EDIT));
        expect(404, walk.delete("/v1/machine/" + UNKNOWN + "/free", EDIT));
        expect(404, walk.delete("/v1/network/free/" + UNKNOWN, EDIT));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        walk.post("/v1/network/free/" + network, "{}", EDIT).status() == 200);
    }

    /** One egress and one ingress rule, the ingress one from {@code source}. */
    private static String rules(String source) {
        return "\"firewall_rules\":{\"egress\":[{\"protocol\":\"udp\",\"ports\":[53],\"to\":[\"1.1.1.1/32\"],"
                + "\"comment\":\"dns\"}],\"ingress\":[{\"ports\":[443],\"from\":[\"" + source + "\"],"
                + "\"to\":[\"10.1.0.0/16\"]}]}";
    }

    private static void expect(int status, Answer answer) {
        assertThat(answer.status())
                .as("status of an answer with body %s", answer.body())
                .isEqualTo(status);
    }

    /** Routes with a successful answer, in the simulator's spelling ({@code GET /v1/machine/{id}}). */
    private Set<String> routesWalked() {
        Set<String> served = simulator.endpoints();
        Set<String> walked = new TreeSet<>();
        Pattern exchange = Pattern.compile("(\\w+) (\\S+) -> 2\\d\\d.*");
        for (String summary : walk.exchanges()) {
            Matcher matcher = exchange.matcher(summary);
            if (matcher.matches()) {
                served.stream()
                        .filter(route -> route.startsWith(matcher.group(1) + " ")
                                && matcher.group(2).matches(template(route.substring(route.indexOf(' ') + 1))))
                        .forEach(walked::add);
            }
        }
        return walked;
    }

    private static String template(String route) {
        return Pattern.quote(route).replaceAll("\\{\\w+}", "\\\\E[^/]+\\\\Q");
    }
}

package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpServer;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.testing.Samples;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint, called by the generated client through a recording proxy to the simulator; each
 * request and each answer is checked against src/main/openapi/metal-api.yaml.
 */
class ContractTest {
    private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    private static final Set<String> FORWARDED_HEADERS =
            Set.of("Content-Type", "Authorization", "X-Date", "X-Data-Salt", "Accept");

    private final OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForSpecificationUrl(
                    "src/main/openapi/metal-api.yaml")
            .withBasePathOverride("/metal")
            .build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final HttpClient forwarder = HttpClient.newHttpClient();
    private MetalSimulator simulator;
    private HttpServer proxy;
    private MetalApi metal;

    record Exchange(
            com.atlassian.oai.validator.model.Request request,
            com.atlassian.oai.validator.model.Response response,
            String summary) {}

    @BeforeEach
    void start() throws IOException {
        simulator = MetalSimulator.builder()
                .hmacKey("metal-admin")
                .machinesPerSize(3)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            HttpRequest.Builder forward = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + simulator.port() + exchange.getRequestURI()))
                    .method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            SimpleRequest.Builder recorded = new SimpleRequest.Builder(method, path);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                    values.forEach(value -> forward.header(name, value));
                    recorded.withHeader(name, values);
                }
            });
            if (exchange.getRequestURI().getRawQuery() != null) {
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    String[] parts = pair.split("=", 2);
                    recorded.withQueryParam(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
            if (body.length > 0) {
                recorded.withBody(new String(body, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> answer = forwarder.send(forward.build(), HttpResponse.BodyHandlers.ofString());
                String contentType = answer.headers().firstValue("Content-Type").orElse("application/json");
                exchanges.add(new Exchange(
                        recorded.build(),
                        SimpleResponse.Builder.status(answer.statusCode())
                                .withContentType(contentType)
                                .withBody(answer.body())
                                .build(),
                        method + " " + path + " -> " + answer.statusCode()));
                byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
                exchange.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        proxy.start();
        metal = HttpMetalApi.connect(
                MetalApiConfig.of("http://127.0.0.1:" + proxy.getAddress().getPort() + "/metal", "metal-admin"));
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
        simulator.close();
    }

    @Test
    void everyEndpointSpeaksTheDescribedContract() {
        metal.health();
        metal.partitions();
        metal.partition("vagrant");
        metal.partition("nowhere");
        metal.capacity("vagrant");
        metal.project(PROJECT);
        metal.project("no-such-project");
        metal.image("firewall-ubuntu-2.0.20201126");
        metal.latestImage("firewall-ubuntu-2.0");
        metal.latestImage("firewall-debian-9.9");
        metal.imagesWithFeatures(List.of("firewall"));
        metal.sizes();
        metal.size("v1-small-x86");
        metal.checkSizeImageConstraint("v1-small-x86", "firewall-ubuntu-2.0");
        Network network = metal.allocateNetwork(new NetworkAllocationRequest(
                PROJECT, "vagrant", "contract", "contract test", Map.of("test", "contract")));
        metal.findNetworks(new NetworkQuery(PROJECT, "vagrant", Map.of("test", "contract")));
        metal.network(network.id());
        IpAddress ip = metal.allocateIp(new IpAllocationRequest(
                "internet-vagrant-lab",
                PROJECT,
                IpAddress.Type.STATIC,
                "contract",
                "contract test",
                List.of("test=contract"),
                null));
        IpAddress chosen = metal.allocateIp(new IpAllocationRequest(
                network.id(), PROJECT, IpAddress.Type.EPHEMERAL, "chosen", "", List.of("test=contract"), "10.0.0.9"));
        assertThatThrownBy(() -> metal.allocateIp(new IpAllocationRequest(
                        network.id(), PROJECT, IpAddress.Type.EPHEMERAL, "again", "", List.of(), "10.0.0.9")))
                .isInstanceOf(MetalApiException.Conflict.class);
        assertThat(metal.ip(ip.address())).hasValue(ip);
        assertThat(metal.ip("10.255.255.255")).isEmpty();
        assertThat(metal.findIps(new IpQuery(PROJECT, null, List.of("test=contract"))))
                .containsExactlyInAnyOrder(ip, chosen);
        assertThat(metal.freeIp(ip.address())).isEqualTo(ip);
        metal.freeIp(chosen.address());
        Machine firewall = metal.allocateFirewall(
                new MachineAllocationRequest(
                        "fw",
                        "fw-firewall",
                        "",
                        PROJECT,
                        "vagrant",
                        "v1-small-x86",
                        "firewall-ubuntu-2.0",
                        null,
                        List.of("internet-vagrant-lab", network.id()),
                        List.of("test=contract"),
                        List.of(),
                        null,
                        List.of(),
                        List.of()),
                FirewallRules.NONE);
        Machine machine = metal.allocateMachine(new MachineAllocationRequest(
                "worker",
                "worker",
                "a node of the contract cluster",
                PROJECT,
                "vagrant",
                "v1-small-x86",
                "ubuntu-cloud-init-20.04",
                null,
                List.of("internet-vagrant-lab", network.id()),
                List.of("test=contract"),
                List.of(Samples.SSH_KEY),
                "#cloud-config\n",
                List.of("test=contract"),
                List.of()));
        metal.findFirewalls(new MachineQuery(PROJECT, "vagrant", null, List.of("test=contract")));
        metal.findMachines(new MachineQuery(PROJECT, "vagrant", null, List.of("test=contract")));
        metal.firewall(firewall.id());
        metal.machine(machine.id());
        metal.freeMachine(firewall.id());
        metal.freeMachine(machine.id());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> metal.freeNetwork(network.id()));

        List<String> endpoints = exchanges.stream().map(Exchange::summary).toList();
        assertThat(endpoints)
                .contains(
                        "GET /metal/v1/partition/nowhere -> 404",
                        "POST /metal/v1/network/allocate -> 201",
                        "POST /metal/v1/firewall/allocate -> 200",
                        "POST /metal/v1/machine/allocate -> 200",
                        "DELETE /metal/v1/network/free/" + network.id() + " -> 200",
                        "POST /metal/v1/ip/allocate -> 201",
                        "POST /metal/v1/ip/allocate/10.0.0.9 -> 201",
                        "POST /metal/v1/ip/allocate/10.0.0.9 -> 409",
                        "GET /metal/v1/ip/10.255.255.255 -> 404",
                        "POST /metal/v1/ip/find -> 200",
                        "DELETE /metal/v1/ip/free/" + ip.address() + " -> 200",
                        "GET /metal/v1/image/firewall-debian-9.9/latest -> 404");
        assertThat(machine.allocation().networks())
                .extracting(Machine.AllocatedNetwork::networkTypeV2, Machine.AllocatedNetwork::networkType)
                .containsExactlyInAnyOrder(tuple("external", "external"), tuple("child", "privateprimaryunshared"));
        String violations = exchanges.stream()
                .map(exchange -> {
                    ValidationReport report = validator.validate(exchange.request(), exchange.response());
                    return report.hasErrors() ? exchange.summary() + ": " + report.getMessages() : null;
                })
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.joining("\n"));
        assertThat(violations)
                .as("exchanges that break src/main/openapi/metal-api.yaml")
                .isEmpty();
    }

    @Test
    void theValidatorCatchesAnAnswerThatBreaksTheContract() {
        Request request =
                SimpleRequest.Builder.get("/metal/v1/size/v1-small-x86").build();
        ValidationReport report = validator.validate(
                request,
                SimpleResponse.Builder.ok()
                        .withContentType("application/json")
                        .withBody("{\"name\":\"no id\"}")
                        .build());
        assertThat(report.hasErrors()).isTrue();
    }
}

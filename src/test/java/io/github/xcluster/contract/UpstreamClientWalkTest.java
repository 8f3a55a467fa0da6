package io.github.xcluster.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.metal.HmacSignature;
import io.github.xcluster.sim.MetalSimulator;
import io.github.xcluster.upstream.ApiClient;
import io.github.xcluster.upstream.ApiException;
import io.github.xcluster.upstream.api.FirewallApi;
import io.github.xcluster.upstream.api.ImageApi;
import io.github.xcluster.upstream.api.IpApi;
import io.github.xcluster.upstream.api.MachineApi;
import io.github.xcluster.upstream.api.NetworkApi;
import io.github.xcluster.upstream.api.PartitionApi;
import io.github.xcluster.upstream.api.ProjectApi;
import io.github.xcluster.upstream.api.SizeApi;
import io.github.xcluster.upstream.model.V1FirewallCreateRequest;
import io.github.xcluster.upstream.model.V1FirewallEgressRule;
import io.github.xcluster.upstream.model.V1FirewallFindRequest;
import io.github.xcluster.upstream.model.V1FirewallIngressRule;
import io.github.xcluster.upstream.model.V1FirewallResponse;
import io.github.xcluster.upstream.model.V1FirewallRules;
import io.github.xcluster.upstream.model.V1IPAllocateRequest;
import io.github.xcluster.upstream.model.V1IPFindRequest;
import io.github.xcluster.upstream.model.V1IPResponse;
import io.github.xcluster.upstream.model.V1MachineAllocateRequest;
import io.github.xcluster.upstream.model.V1MachineAllocationNetwork;
import io.github.xcluster.upstream.model.V1MachineFindRequest;
import io.github.xcluster.upstream.model.V1MachineNetwork;
import io.github.xcluster.upstream.model.V1MachineResponse;
import io.github.xcluster.upstream.model.V1NetworkAllocateRequest;
import io.github.xcluster.upstream.model.V1NetworkFindRequest;
import io.github.xcluster.upstream.model.V1NetworkResponse;
import io.github.xcluster.upstream.model.V1PartitionCapacityRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client we did not write, generated from the upstream spec (its models refuse an answer that
 * lacks a required field or carries an unknown one), walks networks, IPs, firewalls and machines
 * from allocate to free, as metalctl users do.
 */
class UpstreamClientWalkTest {
    private static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    private static final String PARTITION = "vagrant";
    private static final String SIZE = "v1-small-x86";
    private static final String INTERNET = "internet-vagrant-lab";
    private static final String KEY = "metal-admin";
    private static final String MARK = "walk=upstream-client";

    private MetalSimulator simulator;
    private ApiClient client;

    @BeforeEach
    void start() {
        simulator = MetalSimulator.builder()
                .hmacKey(KEY)
                .provisioningStep(Duration.ofMillis(5))
                .build()
                .start();
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(chain -> chain.proceed(signed(chain.request())))
                .build();
        client = new ApiClient(http).setBasePath(simulator.baseUrl());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void walksEveryKindFromAllocateToFreeWithoutASchemaError() throws ApiException {
        assertThat(new PartitionApi(client).listPartitions()).extracting("id").contains(PARTITION);
        assertThat(new PartitionApi(client).partitionCapacity(new V1PartitionCapacityRequest().id(PARTITION)))
                .isNotEmpty();
        assertThat(new ProjectApi(client).findProject(PROJECT).getMeta().getId())
                .isEqualTo(PROJECT);
        assertThat(new SizeApi(client).listSizes()).extracting("id").contains(SIZE);
        assertThat(new ImageApi(client).listImages(false)).extracting("id").contains("firewall-ubuntu-2.0.20201126");
        assertThat(new ImageApi(client).findLatestImage("firewall-ubuntu-2.0").getFeatures())
                .containsExactly("firewall");

        NetworkApi networks = new NetworkApi(client);
        V1NetworkResponse network = networks.allocateNetwork(new V1NetworkAllocateRequest()
                .projectid(PROJECT)
                .partitionid(PARTITION)
                .name("walk")
                .labels(Map.of("walk", "upstream-client")));
        assertThat(networks.findNetworks(new V1NetworkFindRequest().labels(Map.of("walk", "upstream-client"))))
                .extracting("id")
                .containsExactly(network.getId());
        assertThat(networks.listNetworks()).extracting("id").contains(network.getId(), INTERNET);

        IpApi ips = new IpApi(client);
        V1IPResponse ip = ips.allocateIP(new V1IPAllocateRequest()
                .networkid(INTERNET)
                .projectid(PROJECT)
                .type(V1IPAllocateRequest.TypeEnum.STATIC)
                .name("ingress")
                .tags(List.of(MARK)));
        assertThat(ips.findIP(ip.getIpaddress()).getType()).isEqualTo(V1IPResponse.TypeEnum.STATIC);
        assertThat(ips.findIPs(new V1IPFindRequest().tags(List.of(MARK))))
                .extracting("ipaddress")
                .containsExactly(ip.getIpaddress());

        V1FirewallRules rules = new V1FirewallRules()
                .egress(List.of(new V1FirewallEgressRule()
                        .protocol(V1FirewallEgressRule.ProtocolEnum.UDP)
                        .ports(List.of(53))
                        .to(List.of("1.1.1.1/32"))
                        .comment("dns")))
                .ingress(List.of(new V1FirewallIngressRule()
                        .protocol(V1FirewallIngressRule.ProtocolEnum.TCP)
                        .ports(List.of(443))
                        .from(List.of("2001:db8::/32"))
                        .to(List.of("2001:db8:1::/48"))
                        .comment("web")));
        V1FirewallResponse firewall = new FirewallApi(client)
                .allocateFirewall(new V1FirewallCreateRequest()
                        .name("walk-fw")
                        .hostname("walk-fw")
                        .projectid(PROJECT)
                        .partitionid(PARTITION)
                        .sizeid(SIZE)
                        .imageid("firewall-ubuntu-2.0")
                        .sshPubKeys(List.of())
                        .tags(List.of(MARK))
                        .networks(List.of(autoacquired(INTERNET), autoacquired(network.getId())))
                        .firewallRules(rules));
        assertThat(new FirewallApi(client).findFirewalls(new V1FirewallFindRequest().tags(List.of(MARK))))
                .extracting("id")
                .containsExactly(firewall.getId());
        assertThat(new FirewallApi(client)
                        .findFirewall(firewall.getId())
                        .getAllocation()
                        .getFirewallRules())
                .isEqualTo(rules);

        MachineApi machines = new MachineApi(client);
        V1MachineResponse machine = machines.allocateMachine(new V1MachineAllocateRequest()
                .name("walk-worker")
                .hostname("walk-worker")
                .projectid(PROJECT)
                .partitionid(PARTITION)
                .sizeid(SIZE)
                .imageid("ubuntu-20.04")
                .sshPubKeys(List.of())
                .tags(List.of(MARK))
                .ips(List.of(ip.getIpaddress()))
                .networks(List.of(
                        autoacquired(network.getId()),
                        new V1MachineAllocationNetwork().networkid(INTERNET).autoacquire(false))));
        assertThat(machine.getAllocation().getNetworks())
                .extracting(
                        V1MachineNetwork::getNetworkid,
                        V1MachineNetwork::getNetworktype,
                        V1MachineNetwork::getNetworktypev2,
                        n -> n.getIps().size())
                .containsExactlyInAnyOrder(
                        tuple(network.getId(), "privateprimaryunshared", "child", 1),
                        tuple(INTERNET, "external", "external", 1));
        assertThat(machine.getAllocation().getNetworks())
                .filteredOn(n -> INTERNET.equals(n.getNetworkid()))
                .flatExtracting(V1MachineNetwork::getIps)
                .containsExactly(ip.getIpaddress());
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> machines.findMachine(machine.getId())
                                .getEvents()
                                .getLog()
                                .get(0)
                                .getEvent(),
                        "Phoned Home"::equals);
        assertThat(machines.findMachines(new V1MachineFindRequest().tags(List.of(MARK))))
                .extracting("id")
                .containsExactlyInAnyOrder(firewall.getId(), machine.getId());
        assertThat(machines.listMachines()).extracting("id").contains(machine.getId());

        assertThat(machines.freeMachine(machine.getId()).getAllocation()).isNull();
        assertThat(machines.freeMachine(firewall.getId()).getAllocation()).isNull();
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> ips.freeIP(ip.getIpaddress()).getIpaddress(), ip.getIpaddress()::equals);
        assertThatThrownBy(() -> ips.findIP(ip.getIpaddress()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> networks.freeNetwork(network.getId()) != null);
        assertThatThrownBy(() -> networks.findNetwork(network.getId()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    private static V1MachineAllocationNetwork autoacquired(String networkId) {
        return new V1MachineAllocationNetwork().networkid(networkId).autoacquire(true);
    }

    /** metal-go's HMAC headers; the generated client knows only a static Authorization header. */
    private static Request signed(Request request) {
        String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String salt = "walkwalkwalkwalkwalkwalk";
        String mac = HmacSignature.compute(KEY.getBytes(StandardCharsets.UTF_8), date, request.method(), salt);
        return request.newBuilder()
                .header("Authorization", "Metal-Admin " + mac)
                .header("X-Date", date)
                .header("X-Data-Salt", salt)
                .build();
    }
}

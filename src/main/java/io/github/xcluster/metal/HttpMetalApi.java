package io.github.xcluster.metal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.xcluster.metal.client.ApiClient;
import io.github.xcluster.metal.client.ApiException;
import io.github.xcluster.metal.client.api.FirewallApi;
import io.github.xcluster.metal.client.api.HealthApi;
import io.github.xcluster.metal.client.api.ImageApi;
import io.github.xcluster.metal.client.api.IpApi;
import io.github.xcluster.metal.client.api.MachineApi;
import io.github.xcluster.metal.client.api.NetworkApi;
import io.github.xcluster.metal.client.api.PartitionApi;
import io.github.xcluster.metal.client.api.ProjectApi;
import io.github.xcluster.metal.client.api.SizeApi;
import io.github.xcluster.metal.client.model.FirewallAllocateRequest;
import io.github.xcluster.metal.client.model.FirewallEgressRule;
import io.github.xcluster.metal.client.model.FirewallIngressRule;
import io.github.xcluster.metal.client.model.ImageFindRequest;
import io.github.xcluster.metal.client.model.IpAllocateRequest;
import io.github.xcluster.metal.client.model.IpFindRequest;
import io.github.xcluster.metal.client.model.IpType;
import io.github.xcluster.metal.client.model.MachineAllocateRequest;
import io.github.xcluster.metal.client.model.MachineAllocationNetwork;
import io.github.xcluster.metal.client.model.MachineFindRequest;
import io.github.xcluster.metal.client.model.NetworkAllocateRequest;
import io.github.xcluster.metal.client.model.NetworkFindRequest;
import io.github.xcluster.metal.client.model.PartitionCapacityRequest;
import io.github.xcluster.metal.client.model.SizeImageConstraintTryRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/** {@link MetalApi} over the client generated from {@code src/main/openapi/metal-api.yaml}. */
public final class HttpMetalApi implements MetalApi {
    @FunctionalInterface
    private interface Call<T> {
        T run() throws ApiException;
    }

    /** Runs the JDK client's answer handling for every tenant's client; the JDK's own default starts threads per burst. */
    private static final ExecutorService ANSWER_HANDLING = DaemonThreads.fixedPool("metal-api-http", 2);

    private final PartitionApi partitions;
    private final ProjectApi projects;
    private final ImageApi images;
    private final SizeApi sizes;
    private final NetworkApi networks;
    private final IpApi ips;
    private final FirewallApi firewalls;
    private final MachineApi machines;
    private final HealthApi health;
    private final ReadRetry readRetry;
    private final ObjectMapper mapper;
    private final MetalApiRequests requests;

    HttpMetalApi(MetalApiConfig config, Clock clock, ReadRetry readRetry, MeterRegistry registry) {
        HttpClient http = new CheckedAnswers(
                HttpClient.newBuilder()
                        .connectTimeout(config.connectTimeout())
                        .executor(ANSWER_HANDLING)
                        .build(),
                config.requestTimeout(),
                CheckedAnswers.MAX_ANSWER_BYTES);
        ApiClient client =
                new ApiClient(
                        HttpClient.newBuilder(),
                        ApiClient.createDefaultObjectMapper(),
                        config.url().toString().replaceAll("/+$", "")) {
                    @Override
                    public HttpClient getHttpClient() {
                        return http;
                    }
                };
        client.setReadTimeout(config.requestTimeout());
        client.setRequestInterceptor(new RequestAuthentication(config, clock));
        this.partitions = new PartitionApi(client);
        this.projects = new ProjectApi(client);
        this.images = new ImageApi(client);
        this.sizes = new SizeApi(client);
        this.networks = new NetworkApi(client);
        this.ips = new IpApi(client);
        this.firewalls = new FirewallApi(client);
        this.machines = new MachineApi(client);
        this.health = new HealthApi(client);
        this.readRetry = readRetry;
        this.mapper = client.getObjectMapper();
        this.requests = new MetalApiRequests(registry);
    }

    /** A client that retries reads up to three times, 200 ms apart and doubling; its requests are measured nowhere. */
    public static MetalApi connect(MetalApiConfig config) {
        return connect(config, new CompositeMeterRegistry());
    }

    /** Like {@link #connect(MetalApiConfig)}, timing each request into {@code registry} ({@link MetalApiRequests}). */
    public static MetalApi connect(MetalApiConfig config, MeterRegistry registry) {
        return new HttpMetalApi(
                config,
                Clock.systemUTC(),
                new ReadRetry(3, Duration.ofMillis(200), duration -> Thread.sleep(duration.toMillis())),
                registry);
    }

    @Override
    public Optional<Partition> partition(String id) {
        return lookup(
                "findPartition", "get partition " + id, () -> partitions.findPartition(id), ModelMapping::partition);
    }

    @Override
    public List<Partition> partitions() {
        return read(
                "listPartitions",
                "list partitions",
                () -> ModelMapping.list(partitions.listPartitions()).stream()
                        .map(ModelMapping::partition)
                        .toList());
    }

    @Override
    public Optional<Project> project(String id) {
        return lookup("findProject", "get project " + id, () -> projects.findProject(id), ModelMapping::project);
    }

    @Override
    public Optional<Image> image(String id) {
        return lookup("findImage", "get image " + id, () -> images.findImage(id), ModelMapping::image);
    }

    @Override
    public Optional<Image> latestImage(String idOrShorthand) {
        return lookup(
                "findLatestImage",
                "resolve image " + idOrShorthand,
                () -> images.findLatestImage(idOrShorthand),
                ModelMapping::image);
    }

    @Override
    public List<Image> imagesWithFeatures(List<String> features) {
        return read(
                "findImages",
                "find images " + features,
                () -> ModelMapping.list(images.findImages(new ImageFindRequest().features(features))).stream()
                        .map(ModelMapping::image)
                        .toList());
    }

    @Override
    public Optional<Size> size(String id) {
        return lookup("findSize", "get size " + id, () -> sizes.findSize(id), ModelMapping::size);
    }

    @Override
    public List<Size> sizes() {
        return read(
                "listSizes",
                "list sizes",
                () -> ModelMapping.list(sizes.listSizes()).stream()
                        .map(ModelMapping::size)
                        .toList());
    }

    @Override
    public void checkSizeImageConstraint(String sizeId, String imageId) {
        read(
                "trySizeImageConstraint",
                "check size " + sizeId + " with image " + imageId,
                () -> sizes.trySizeImageConstraint(
                        new SizeImageConstraintTryRequest().size(sizeId).image(imageId)));
    }

    @Override
    public List<SizeCapacity> capacity(String partitionId) {
        return read(
                "partitionCapacity",
                "capacity of partition " + partitionId,
                () -> ModelMapping.capacity(
                        partitions.partitionCapacity(new PartitionCapacityRequest().id(partitionId))));
    }

    @Override
    public Network allocateNetwork(NetworkAllocationRequest request) {
        return once(
                "allocateNetwork",
                "allocate network in " + request.partitionId(),
                () -> ModelMapping.network(networks.allocateNetwork(new NetworkAllocateRequest()
                        .projectid(request.projectId())
                        .partitionid(request.partitionId())
                        .name(request.name())
                        .description(request.description())
                        .labels(request.labels()))));
    }

    @Override
    public Optional<Network> network(String id) {
        return lookup("findNetwork", "get network " + id, () -> networks.findNetwork(id), ModelMapping::network);
    }

    @Override
    public List<Network> findNetworks(NetworkQuery query) {
        return read(
                "findNetworks",
                "find networks",
                () -> ModelMapping.list(networks.findNetworks(new NetworkFindRequest()
                                .projectid(query.projectId())
                                .partitionid(query.partitionId())
                                .labels(query.labels())))
                        .stream()
                        .map(ModelMapping::network)
                        .toList());
    }

    @Override
    public Network freeNetwork(String id) {
        return once("freeNetwork", "free network " + id, () -> ModelMapping.network(networks.freeNetwork(id)));
    }

    @Override
    public IpAddress allocateIp(IpAllocationRequest request) {
        IpAllocateRequest body = new IpAllocateRequest()
                .networkid(request.networkId())
                .projectid(request.projectId())
                .type(IpType.fromValue(request.type().value()))
                .name(request.name())
                .description(request.description())
                .tags(request.tags());
        return once(
                request.address() == null ? "allocateIP" : "allocateSpecificIP",
                "allocate ip in network " + request.networkId(),
                () -> ModelMapping.ip(
                        request.address() == null
                                ? ips.allocateIP(body)
                                : ips.allocateSpecificIP(request.address(), body)));
    }

    @Override
    public Optional<IpAddress> ip(String address) {
        return lookup("findIP", "get ip " + address, () -> ips.findIP(address), ModelMapping::ip);
    }

    @Override
    public List<IpAddress> findIps(IpQuery query) {
        return read(
                "findIPs",
                "find ips",
                () -> ModelMapping.list(ips.findIPs(new IpFindRequest()
                                .projectid(query.projectId())
                                .networkid(query.networkId())
                                .tags(query.tags())))
                        .stream()
                        .map(ModelMapping::ip)
                        .toList());
    }

    @Override
    public IpAddress freeIp(String address) {
        return once("freeIP", "free ip " + address, () -> ModelMapping.ip(ips.freeIP(address)));
    }

    @Override
    public Machine allocateFirewall(MachineAllocationRequest request, FirewallRules rules) {
        FirewallAllocateRequest body = mapper.convertValue(allocateBody(request), FirewallAllocateRequest.class)
                .firewallRules(firewallRules(rules));
        return once(
                "allocateFirewall",
                "allocate firewall " + request.name(),
                () -> ModelMapping.machine(firewalls.allocateFirewall(body)));
    }

    @Override
    public Machine allocateMachine(MachineAllocationRequest request) {
        MachineAllocateRequest body = allocateBody(request);
        return once(
                "allocateMachine",
                "allocate machine " + request.name(),
                () -> ModelMapping.machine(machines.allocateMachine(body)));
    }

    private static io.github.xcluster.metal.client.model.FirewallRules firewallRules(FirewallRules rules) {
        if (rules.egress().isEmpty() && rules.ingress().isEmpty()) {
            return null;
        }
        return new io.github.xcluster.metal.client.model.FirewallRules()
                .egress(rules.egress().stream()
                        .map(rule -> new FirewallEgressRule()
                                .protocol(rule.protocol())
                                .ports(rule.ports())
                                .to(rule.to())
                                .comment(rule.comment()))
                        .toList())
                .ingress(rules.ingress().stream()
                        .map(rule -> new FirewallIngressRule()
                                .protocol(rule.protocol())
                                .ports(rule.ports())
                                .from(rule.from())
                                .to(rule.to().isEmpty() ? null : rule.to())
                                .comment(rule.comment()))
                        .toList());
    }

    /** The body both allocations share; a firewall's adds its rules. */
    private static MachineAllocateRequest allocateBody(MachineAllocationRequest request) {
        return new MachineAllocateRequest()
                .projectid(request.projectId())
                .partitionid(request.partitionId())
                .sizeid(request.sizeId())
                .imageid(request.imageId())
                .uuid(request.machineId())
                .name(request.name())
                .hostname(request.hostname())
                .description(request.description())
                .userData(request.userData())
                .sshPubKeys(request.sshPublicKeys())
                .tags(request.tags())
                .placementTags(request.placementTags())
                .ips(request.ips())
                .networks(request.networkIds().stream()
                        .map(id -> new MachineAllocationNetwork().networkid(id).autoacquire(true))
                        .toList());
    }

    @Override
    public Optional<Machine> firewall(String id) {
        return lookup("findFirewall", "get firewall " + id, () -> firewalls.findFirewall(id), ModelMapping::machine);
    }

    @Override
    public List<Machine> findFirewalls(MachineQuery query) {
        return read(
                "findFirewalls",
                "find firewalls",
                () -> ModelMapping.list(firewalls.findFirewalls(findRequest(query))).stream()
                        .map(ModelMapping::machine)
                        .toList());
    }

    @Override
    public Optional<Machine> machine(String id) {
        return lookup("findMachine", "get machine " + id, () -> machines.findMachine(id), ModelMapping::machine);
    }

    @Override
    public List<Machine> findMachines(MachineQuery query) {
        return read(
                "findMachines",
                "find machines",
                () -> ModelMapping.list(machines.findMachines(findRequest(query))).stream()
                        .map(ModelMapping::machine)
                        .toList());
    }

    private static MachineFindRequest findRequest(MachineQuery query) {
        return new MachineFindRequest()
                .allocationProject(query.projectId())
                .partitionId(query.partitionId())
                .sizeid(query.sizeId())
                .tags(query.tags());
    }

    @Override
    public Machine freeMachine(String id) {
        return once("freeMachine", "free machine " + id, () -> ModelMapping.machine(machines.freeMachine(id)));
    }

    @Override
    public Health health() {
        return read("health", "health", () -> {
            var answer = health.health(null);
            return new Health(
                    answer.getStatus() == null ? null : answer.getStatus().getValue(), answer.getMessage());
        });
    }

    private <M, R> Optional<R> lookup(String route, String operation, Call<M> call, Function<M, R> mapping) {
        try {
            return Optional.of(mapping.apply(read(route, operation, call)));
        } catch (MetalApiException.NotFound e) {
            return Optional.empty();
        }
    }

    private <T> T read(String route, String operation, Call<T> call) {
        return readRetry.run(() -> once(route, operation, call));
    }

    /**
     * @param route the metal-api operation's id in its OpenAPI spec, e.g. {@code findNetwork}: the metric's label
     * @param operation what the call does, for messages, e.g. {@code get network <id>}
     */
    private <T> T once(String route, String operation, Call<T> call) {
        long started = System.nanoTime();
        try {
            T answer = call.run();
            requests.succeeded(route, started);
            return answer;
        } catch (ApiException e) {
            MetalApiException failure = ApiErrors.translate(operation, e);
            requests.failed(route, failure, started);
            throw failure;
        }
    }
}

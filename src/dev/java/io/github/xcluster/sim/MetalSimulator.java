package io.github.xcluster.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.github.xcluster.metal.AuthType;
import io.github.xcluster.sim.SimModel.Machine;
import io.github.xcluster.sim.SimRequests.CapacityRequest;
import io.github.xcluster.sim.SimRequests.ImageFind;
import io.github.xcluster.sim.SimRequests.IpAllocate;
import io.github.xcluster.sim.SimRequests.IpFind;
import io.github.xcluster.sim.SimRequests.MachineAllocate;
import io.github.xcluster.sim.SimRequests.MachineFind;
import io.github.xcluster.sim.SimRequests.NetworkAllocate;
import io.github.xcluster.sim.SimRequests.NetworkFind;
import io.github.xcluster.sim.SimRequests.ProjectFind;
import io.github.xcluster.sim.SimRequests.SizeImageTry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory metal-api: the endpoints xcluster-operator uses, under {@code /metal/v1/...} and
 * {@code /v1/...}, with metal-api's status codes, error bodies, authentication and machine
 * lifecycle, plus fault injection and counters under {@code /_sim/}.
 */
public final class MetalSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetalSimulator.class);
    private static final List<String> PREFIXES = List.of("/metal", "");
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SimWorld world;
    private final SimAuth auth;
    private final SimJson json;
    private final ObjectMapper mapper;
    private final Provisioner provisioner;
    private final SimulatorFaults faults = new SimulatorFaults();
    private final MachineFaults machineFaults;
    private final SimulatorCounters counters;
    private final int requestedPort;
    private final Set<String> endpoints = new TreeSet<>();
    private HttpServer server;

    private MetalSimulator(Builder builder) {
        this.ownsVertx = builder.vertx == null;
        this.vertx = ownsVertx ? Vertx.vertx() : builder.vertx;
        this.world = new SimWorld(builder.clock);
        SimSeed.seed(world, builder.machinesPerSize, builder.vagrantSuperNetwork, builder.vagrantUnderlay);
        this.auth = new SimAuth(builder.hmacKeys, builder.bearerToken, builder.clock);
        this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.json = new SimJson(mapper, world);
        this.provisioner = new Provisioner(vertx, world, builder.provisioningStep);
        this.machineFaults = new MachineFaults(world, provisioner);
        this.counters = new SimulatorCounters(world);
        this.requestedPort = builder.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    public MetalSimulator start() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        adminRoutes(router);
        for (String prefix : PREFIXES) {
            apiRoutes(router, prefix);
        }
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(requestedPort, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        LOG.info("metal-api simulator listening url={}", baseUrl());
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    /** The URL a metal-api client is given, like mini-lab's {@code http://host:8080/metal}. */
    public String baseUrl() {
        return rootUrl() + "/metal";
    }

    /** Where {@code /_sim/} and {@code /metal/} lie. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    public SimulatorFaults faults() {
        return faults;
    }

    /** Machines freed, deleted or crashing behind the client's back. */
    public MachineFaults machineFaults() {
        return machineFaults;
    }

    public SimulatorCounters counters() {
        return counters;
    }

    /** Every metal-api route served, such as {@code GET /v1/partition/{id}}. */
    public Set<String> endpoints() {
        return Collections.unmodifiableSet(endpoints);
    }

    /** All machines as {@code metalctl machine ls} would list them. */
    public String machineTable() {
        return MachineTable.render(world.allMachines(), world.clock());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
        }
        if (ownsVertx) {
            vertx.close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
        }
    }

    private void adminRoutes(Router router) {
        router.get("/_sim/counters")
                .handler(ctx -> send(
                        ctx,
                        200,
                        mapper.valueToTree(Map.of(
                                "allocatedNetworks", counters.allocatedNetworks(),
                                "allocatedMachines", counters.allocatedMachines(),
                                "usedIps", counters.usedIps(),
                                "totalCalls", counters.totalCalls(),
                                "injectedFailures", counters.injectedFailures(),
                                "callsPerEndpoint", counters.callsPerEndpoint()))));
        router.get("/_sim/machines")
                .handler(ctx ->
                        ctx.response().putHeader("Content-Type", "text/plain").end(machineTable()));
        router.post("/_sim/faults").handler(this::setFaults);
        machineFault(router, HttpMethod.POST, "/_sim/machines/:id/free", machineFaults::free);
        machineFault(router, HttpMethod.POST, "/_sim/machines/:id/crash-loop", machineFaults::crashLoop);
        machineFault(router, HttpMethod.DELETE, "/_sim/machines/:id", machineFaults::delete);
    }

    private void machineFault(Router router, HttpMethod method, String path, Consumer<String> fault) {
        router.route(method, path).handler(ctx -> {
            try {
                fault.accept(ctx.pathParam("id"));
                ctx.response().setStatusCode(204).end();
            } catch (SimError e) {
                send(ctx, e.status(), json.error(e.status(), e.getMessage()));
            }
        });
    }

    private void setFaults(RoutingContext ctx) {
        try {
            FaultSettings settings = mapper.readValue(ctx.body().asString(), FaultSettings.class);
            faults.reset()
                    .latency(Duration.ofMillis(settings.latencyMillis()))
                    .errorRate(settings.errorRate())
                    .timeouts(settings.timeouts())
                    .stalledBodies(settings.stalledBodies())
                    .outage(settings.outage())
                    .slowAllocations(Duration.ofMillis(settings.slowAllocationMillis()));
            send(ctx, 200, mapper.valueToTree(settings));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            send(
                    ctx,
                    400,
                    json.error(
                            400,
                            "expected {latencyMillis, errorRate, timeouts, stalledBodies, outage, slowAllocationMillis}: "
                                    + e.getMessage()));
        }
    }

    record FaultSettings(
            long latencyMillis,
            double errorRate,
            boolean timeouts,
            boolean stalledBodies,
            boolean outage,
            long slowAllocationMillis) {}

    private void apiRoutes(Router router, String prefix) {
        Api api = new Api(router, prefix);
        api.get(
                "/v1/health",
                null,
                (ctx, caller) -> mapper.createObjectNode()
                        .put("status", "healthy")
                        .put("message", "simulated metal-api is healthy"));
        api.get(
                "/v1/version",
                null,
                (ctx, caller) -> mapper.createObjectNode()
                        .put("name", "metal-api")
                        .put("version", "simulated")
                        .put("builddate", "")
                        .put("revision", "")
                        .put("gitsha1", "")
                        .put("min_client_version", "v0.0.0")
                        .put("release_version", ""));
        api.get(
                "/v1/partition",
                Role.ANY,
                (ctx, caller) -> json.array(world.catalog().partitions().stream()
                        .map(json::partition)
                        .toList()));
        api.get(
                "/v1/partition/:id",
                Role.ANY,
                (ctx, caller) -> json.partition(world.catalog().partition(ctx.pathParam("id"))));
        api.post("/v1/partition/capacity", Role.ANY, (ctx, caller) -> {
            CapacityRequest request = body(ctx, CapacityRequest.class);
            return json.capacity(world.capacity(request.id(), request.sizeid()));
        });
        api.get(
                "/v1/project",
                Role.VIEW,
                (ctx, caller) -> json.array(world.catalog().findProjects(everything(ProjectFind.class)).stream()
                        .map(json::project)
                        .toList()));
        api.get(
                "/v1/project/:id",
                Role.VIEW,
                (ctx, caller) -> json.project(world.catalog().project(ctx.pathParam("id"))));
        api.post("/v1/project/find", Role.VIEW, (ctx, caller) -> {
            List<SimModel.Project> found = world.catalog().findProjects(body(ctx, ProjectFind.class));
            return found.isEmpty()
                    ? NullNode.getInstance()
                    : json.array(found.stream().map(json::project).toList());
        });
        api.get(
                "/v1/image",
                Role.VIEW,
                (ctx, caller) -> json.array(world.catalog().findImages(everything(ImageFind.class)).stream()
                        .map(json::image)
                        .toList()));
        api.get(
                "/v1/image/:id",
                Role.ANY,
                (ctx, caller) -> json.image(world.catalog().image(ctx.pathParam("id"))));
        api.get(
                "/v1/image/:id/latest",
                Role.ANY,
                (ctx, caller) -> json.image(world.catalog().latestImage(ctx.pathParam("id"))));
        api.post(
                "/v1/image/find",
                Role.VIEW,
                (ctx, caller) -> json.array(world.catalog().findImages(body(ctx, ImageFind.class)).stream()
                        .map(json::image)
                        .toList()));
        api.get(
                "/v1/size",
                Role.ANY,
                (ctx, caller) -> json.array(
                        world.catalog().sizes().stream().map(json::size).toList()));
        api.get(
                "/v1/size/:id",
                Role.ANY,
                (ctx, caller) -> json.size(world.catalog().size(ctx.pathParam("id"))));
        api.post("/v1/size-image-constraint/try", Role.ADMIN, (ctx, caller) -> {
            SizeImageTry request = body(ctx, SizeImageTry.class);
            if (request.size() == null || request.image() == null) {
                throw SimError.badRequest("size and image are required");
            }
            world.catalog().checkSizeImage(request.size(), request.image());
            return mapper.createObjectNode();
        });
        api.post(
                "/v1/network/allocate",
                Role.EDIT,
                201,
                (ctx, caller) -> json.network(world.allocateNetwork(body(ctx, NetworkAllocate.class))));
        api.post(
                "/v1/network/find",
                Role.VIEW,
                (ctx, caller) -> json.array(world.findNetworks(body(ctx, NetworkFind.class)).stream()
                        .map(json::network)
                        .toList()));
        api.get(
                "/v1/network",
                Role.VIEW,
                (ctx, caller) -> json.array(world.findNetworks(everything(NetworkFind.class)).stream()
                        .map(json::network)
                        .toList()));
        api.get("/v1/network/:id", Role.VIEW, (ctx, caller) -> json.network(world.network(ctx.pathParam("id"))));
        for (HttpMethod method : List.of(HttpMethod.DELETE, HttpMethod.POST)) {
            api.route(
                    method,
                    "/v1/network/free/:id",
                    Role.EDIT,
                    200,
                    (ctx, caller) -> json.network(world.freeNetwork(ctx.pathParam("id"))));
        }
        ipRoutes(api);
        api.allocation("/v1/firewall/allocate", (ctx, caller) -> allocate(ctx, caller, SimWorld.ROLE_FIREWALL));
        api.allocation("/v1/machine/allocate", (ctx, caller) -> allocate(ctx, caller, SimWorld.ROLE_MACHINE));
        api.post(
                "/v1/firewall/find",
                Role.VIEW,
                (ctx, caller) -> machines(world.findMachines(body(ctx, MachineFind.class), SimWorld.ROLE_FIREWALL)));
        api.post(
                "/v1/machine/find",
                Role.VIEW,
                (ctx, caller) -> machines(world.findMachines(body(ctx, MachineFind.class), null)));
        api.get(
                "/v1/firewall",
                Role.VIEW,
                (ctx, caller) -> machines(world.findMachines(everything(MachineFind.class), SimWorld.ROLE_FIREWALL)));
        api.get(
                "/v1/machine",
                Role.VIEW,
                (ctx, caller) -> machines(world.findMachines(everything(MachineFind.class), null)));
        api.get("/v1/firewall/:id", Role.VIEW, (ctx, caller) -> json.machine(world.firewall(ctx.pathParam("id"))));
        api.get("/v1/machine/:id", Role.VIEW, (ctx, caller) -> json.machine(world.machine(ctx.pathParam("id"))));
        api.route(HttpMethod.DELETE, "/v1/machine/:id/free", Role.EDIT, 200, (ctx, caller) -> {
            String id = ctx.pathParam("id");
            provisioner.reclaim(id, world.free(id));
            return json.machine(world.machine(id));
        });
    }

    private void ipRoutes(Api api) {
        api.post(
                "/v1/ip/allocate",
                Role.EDIT,
                201,
                (ctx, caller) -> json.ip(world.allocateIp(body(ctx, IpAllocate.class), null)));
        api.post(
                "/v1/ip/allocate/:ip",
                Role.EDIT,
                201,
                (ctx, caller) -> json.ip(world.allocateIp(body(ctx, IpAllocate.class), ctx.pathParam("ip"))));
        api.post(
                "/v1/ip/find",
                Role.VIEW,
                (ctx, caller) -> json.array(world.findIps(body(ctx, IpFind.class)).stream()
                        .map(json::ip)
                        .toList()));
        api.get(
                "/v1/ip",
                Role.VIEW,
                (ctx, caller) -> json.array(world.ips().stream().map(json::ip).toList()));
        api.get("/v1/ip/:id", Role.VIEW, (ctx, caller) -> json.ip(world.ip(ctx.pathParam("id"))));
        api.route(
                HttpMethod.DELETE,
                "/v1/ip/free/:id",
                Role.EDIT,
                200,
                (ctx, caller) -> json.ip(world.freeIp(ctx.pathParam("id"))));
    }

    private JsonNode allocate(RoutingContext ctx, AuthType caller, String role) {
        Machine machine = world.allocate(
                body(ctx, MachineAllocate.class), role, caller.header().toLowerCase() + "@metal-stack.io");
        provisioner.provision(machine.id, machine.allocation.uuid());
        return json.machine(machine);
    }

    private JsonNode machines(List<Machine> machines) {
        return json.array(machines.stream().map(json::machine).toList());
    }

    /** The filter of a list route: a find with no conditions. */
    private <T> T everything(Class<T> type) {
        return mapper.convertValue(mapper.createObjectNode(), type);
    }

    private <T> T body(RoutingContext ctx, Class<T> type) {
        String body = ctx.body().asString();
        if (body == null || body.isBlank()) {
            throw SimError.badRequest("request body is empty; send {} to match everything");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw SimError.badRequest("request body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw SimError.badRequest("cannot read request body: " + e.getOriginalMessage());
        }
    }

    private void send(RoutingContext ctx, int status, JsonNode body) {
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a simulator answer", e);
        }
    }

    /** The credential an endpoint needs; null means none (health). */
    private enum Role {
        ANY(AuthType.VIEW),
        VIEW(AuthType.VIEW),
        EDIT(AuthType.EDIT),
        ADMIN(AuthType.ADMIN);

        private final AuthType needs;

        Role(AuthType needs) {
            this.needs = needs;
        }
    }

    @FunctionalInterface
    private interface Operation {
        JsonNode handle(RoutingContext ctx, AuthType caller);
    }

    /** Registers endpoints with faults, authentication, JSON checks and error mapping around them. */
    private final class Api {
        private final Router router;
        private final String prefix;

        Api(Router router, String prefix) {
            this.router = router;
            this.prefix = prefix;
        }

        void get(String path, Role role, Operation operation) {
            route(HttpMethod.GET, path, role, 200, operation);
        }

        void post(String path, Role role, Operation operation) {
            route(HttpMethod.POST, path, role, 200, operation);
        }

        void post(String path, Role role, int status, Operation operation) {
            route(HttpMethod.POST, path, role, status, operation);
        }

        /** A machine or firewall allocation, answered late while {@link SimulatorFaults#slowAllocations} is set. */
        void allocation(String path, Operation operation) {
            route(HttpMethod.POST, path, Role.EDIT, 200, faults::allocationDelay, operation);
        }

        void route(HttpMethod method, String path, Role role, int status, Operation operation) {
            route(method, path, role, status, () -> Duration.ZERO, operation);
        }

        private void route(
                HttpMethod method,
                String path,
                Role role,
                int status,
                Supplier<Duration> answerDelay,
                Operation operation) {
            String endpoint = method.name() + " " + path.replaceAll(":(\\w+)", "{$1}");
            endpoints.add(endpoint);
            router.route(method, prefix + path).handler(ctx -> {
                counters.countCall(endpoint);
                if (faults.outage()) {
                    counters.countInjectedFailure();
                    ctx.request().connection().close();
                    return;
                }
                if (faults.timeouts() && role != null) {
                    return;
                }
                if (faults.stalledBodies() && role != null) {
                    ctx.response()
                            .setChunked(true)
                            .putHeader("Content-Type", "application/json")
                            .write("[");
                    return;
                }
                long delay = faults.latency().toMillis();
                if (delay > 0) {
                    vertx.setTimer(delay, timer -> answer(ctx, method, role, status, answerDelay, operation));
                } else {
                    answer(ctx, method, role, status, answerDelay, operation);
                }
            });
        }

        private void answer(
                RoutingContext ctx,
                HttpMethod method,
                Role role,
                int status,
                Supplier<Duration> answerDelay,
                Operation operation) {
            if (role != null
                    && faults.errorRate() > 0
                    && ThreadLocalRandom.current().nextDouble() < faults.errorRate()) {
                counters.countInjectedFailure();
                send(ctx, 503, json.error(503, "simulated metal-api failure"));
                return;
            }
            if (method == HttpMethod.POST && !isJson(ctx.request().getHeader("Content-Type"))) {
                ctx.response()
                        .setStatusCode(415)
                        .putHeader("Content-Type", "text/plain")
                        .end("415: Unsupported Media Type");
                return;
            }
            try {
                AuthType caller = AuthType.VIEW;
                if (role != null) {
                    caller = auth.authenticate(method.name(), ctx.request().headers());
                    if (!caller.includes(role.needs)) {
                        throw new SimError(403, "you are not member in one of [" + role.needs.header() + "]");
                    }
                }
                JsonNode body = operation.handle(ctx, caller);
                long delay = answerDelay.get().toMillis();
                if (delay > 0) {
                    vertx.setTimer(delay, timer -> sendUnlessClosed(ctx, status, body));
                } else {
                    send(ctx, status, body);
                }
            } catch (SimError e) {
                send(ctx, e.status(), json.error(e.status(), e.getMessage()));
            }
        }

        /** A client that gave up has closed the connection; what was done stays done. */
        private void sendUnlessClosed(RoutingContext ctx, int status, JsonNode body) {
            if (!ctx.response().closed()) {
                send(ctx, status, body);
            }
        }

        private boolean isJson(String contentType) {
            return Optional.ofNullable(contentType)
                    .map(value -> value.startsWith("application/json"))
                    .orElse(false);
        }
    }

    public static final class Builder {
        private int port;
        private Map<AuthType, String> hmacKeys = Map.of();
        private Optional<String> bearerToken = Optional.empty();
        private int machinesPerSize = 2;
        private Duration provisioningStep = Duration.ofMillis(200);
        private Clock clock = Clock.systemUTC();
        private String vagrantSuperNetwork = "10.0.0.0/16";
        private String vagrantUnderlay = "172.16.10.0/24";
        private Vertx vertx;

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** One key per credential type; none (the default) switches authentication off. */
        public Builder hmacKeys(Map<AuthType, String> keys) {
            this.hmacKeys = Map.copyOf(keys);
            return this;
        }

        /** The same key for every credential type. */
        public Builder hmacKey(String key) {
            return hmacKeys(Map.of(AuthType.VIEW, key, AuthType.EDIT, key, AuthType.ADMIN, key));
        }

        public Builder bearerToken(String token) {
            this.bearerToken = Optional.of(token);
            return this;
        }

        /** Machines of each size in each partition; the default 2 is mini-lab's pair. */
        public Builder machinesPerSize(int count) {
            this.machinesPerSize = count;
            return this;
        }

        /** Time between two provisioning events of a machine. */
        public Builder provisioningStep(Duration step) {
            this.provisioningStep = step;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The prefix of {@code vagrant}'s private networks (/22 each); the default holds 64. */
        public Builder vagrantSuperNetwork(String cidr) {
            this.vagrantSuperNetwork = cidr;
            return this;
        }

        /** The prefix of {@code vagrant}'s underlay, one address per firewall; the default holds 254. */
        public Builder vagrantUnderlayNetwork(String cidr) {
            this.vagrantUnderlay = cidr;
            return this;
        }

        /** Shares an existing Vert.x instance instead of making one. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        public MetalSimulator build() {
            return new MetalSimulator(this);
        }
    }
}

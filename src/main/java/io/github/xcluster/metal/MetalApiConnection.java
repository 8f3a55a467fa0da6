package io.github.xcluster.metal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metal-api the operator talks to now. Credentials may arrive, change, vanish or be refused while the operator
 * runs: without any, every call fails at once with {@link MetalApiException.NotConfigured}, and {@link #check()}
 * asks metal-api whether the current ones are accepted. Each change of {@link #state()} is one log line.
 */
public final class MetalApiConnection implements MetalApi, MetalApiChanges {
    private static final Logger LOG = LoggerFactory.getLogger(MetalApiConnection.class);

    /** What the operator knows about its credentials; {@code detail} never holds one. */
    public record State(Kind kind, String detail) {
        public enum Kind {
            NOT_CONFIGURED("metal-api not configured"),
            UNCHECKED("metal-api credentials not checked yet"),
            ACCEPTED("metal-api credentials accepted"),
            UNAUTHORIZED("metal-api unauthorized"),
            FAILING("metal-api check failed");

            private final String words;

            Kind(String words) {
                this.words = words;
            }
        }

        /** What a person should know, e.g. {@code metal-api unauthorized: …}; empty while all is well. */
        public Optional<String> problem() {
            return kind == Kind.ACCEPTED || kind == Kind.UNCHECKED ? Optional.empty() : Optional.of(toString());
        }

        @Override
        public String toString() {
            return kind.words + ": " + detail;
        }
    }

    private record Current(MetalApiConfig config, MetalApi api, State state) {}

    private final Function<MetalApiConfig, MetalApi> connector;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Current current;

    /**
     * Without credentials until {@link #use} or {@link #withdraw} says more.
     *
     * @param connector makes a client for a configuration, e.g. {@link HttpMetalApi#connect}
     */
    public MetalApiConnection(Function<MetalApiConfig, MetalApi> connector) {
        this.connector = connector;
        this.current = new Current(null, null, new State(State.Kind.NOT_CONFIGURED, "credentials not read yet"));
    }

    public State state() {
        return current.state();
    }

    /** Talks to metal-api with these credentials from now on; the same ones again change nothing. */
    public void use(MetalApiConfig config) {
        synchronized (this) {
            if (config.equals(current.config())) {
                return;
            }
            current = new Current(config, connector.apply(config), new State(State.Kind.UNCHECKED, config.url() + ""));
        }
        LOG.info("metal-api credentials loaded url={}", config.url());
        listeners.forEach(Runnable::run);
    }

    /** No credentials from now on: every call fails with {@link MetalApiException.NotConfigured} saying why. */
    public void withdraw(String reason) {
        State state = new State(State.Kind.NOT_CONFIGURED, reason);
        synchronized (this) {
            if (state.equals(current.state())) {
                return;
            }
            current = new Current(null, null, state);
        }
        log(state);
        listeners.forEach(Runnable::run);
    }

    /** Asks metal-api for its partitions, which any valid credential may read, and records the answer. */
    public State check() {
        Current checked = current;
        if (checked.api() == null) {
            return checked.state();
        }
        State state;
        try {
            checked.api().partitions();
            state = new State(State.Kind.ACCEPTED, checked.config().url() + "");
        } catch (MetalApiException.Unauthorized refused) {
            state = new State(State.Kind.UNAUTHORIZED, refusal(checked.config(), refused));
        } catch (MetalApiException failed) {
            state = new State(State.Kind.FAILING, checked.config().url() + ": " + failed.getMessage());
        }
        synchronized (this) {
            if (current != checked || state.equals(checked.state())) {
                return current.state();
            }
            current = new Current(checked.config(), checked.api(), state);
        }
        log(state);
        return state;
    }

    private static String refusal(MetalApiConfig config, MetalApiException.Unauthorized refused) {
        String credential = config.token().isPresent()
                ? "the token"
                : config.hmacKey().isPresent()
                        ? "the " + config.hmacAuthType().header() + " HMAC key"
                        : "no credential";
        return config.url() + " refused " + credential + " (" + refused.getMessage()
                + "); fix hmac or token in the metal-api Secret";
    }

    private static void log(State state) {
        if (state.problem().isPresent()) {
            LOG.warn("{}", state);
        } else {
            LOG.info("{}", state);
        }
    }

    @Override
    public void whenChanged(Runnable listener) {
        listeners.add(listener);
    }

    private MetalApi api() {
        Current now = current;
        if (now.api() == null) {
            throw new MetalApiException.NotConfigured(now.state().detail());
        }
        return now.api();
    }

    @Override
    public Optional<Partition> partition(String id) {
        return api().partition(id);
    }

    @Override
    public List<Partition> partitions() {
        return api().partitions();
    }

    @Override
    public Optional<Project> project(String id) {
        return api().project(id);
    }

    @Override
    public Optional<Image> image(String id) {
        return api().image(id);
    }

    @Override
    public Optional<Image> latestImage(String idOrShorthand) {
        return api().latestImage(idOrShorthand);
    }

    @Override
    public List<Image> imagesWithFeatures(List<String> features) {
        return api().imagesWithFeatures(features);
    }

    @Override
    public Optional<Size> size(String id) {
        return api().size(id);
    }

    @Override
    public List<Size> sizes() {
        return api().sizes();
    }

    @Override
    public void checkSizeImageConstraint(String sizeId, String imageId) {
        api().checkSizeImageConstraint(sizeId, imageId);
    }

    @Override
    public List<SizeCapacity> capacity(String partitionId) {
        return api().capacity(partitionId);
    }

    @Override
    public Network allocateNetwork(NetworkAllocationRequest request) {
        return api().allocateNetwork(request);
    }

    @Override
    public Optional<Network> network(String id) {
        return api().network(id);
    }

    @Override
    public List<Network> findNetworks(NetworkQuery query) {
        return api().findNetworks(query);
    }

    @Override
    public Network freeNetwork(String id) {
        return api().freeNetwork(id);
    }

    @Override
    public IpAddress allocateIp(IpAllocationRequest request) {
        return api().allocateIp(request);
    }

    @Override
    public Optional<IpAddress> ip(String address) {
        return api().ip(address);
    }

    @Override
    public List<IpAddress> findIps(IpQuery query) {
        return api().findIps(query);
    }

    @Override
    public IpAddress freeIp(String address) {
        return api().freeIp(address);
    }

    @Override
    public Machine allocateFirewall(MachineAllocationRequest request, FirewallRules rules) {
        return api().allocateFirewall(request, rules);
    }

    @Override
    public Machine allocateMachine(MachineAllocationRequest request) {
        return api().allocateMachine(request);
    }

    @Override
    public Optional<Machine> firewall(String id) {
        return api().firewall(id);
    }

    @Override
    public List<Machine> findFirewalls(MachineQuery query) {
        return api().findFirewalls(query);
    }

    @Override
    public Optional<Machine> machine(String id) {
        return api().machine(id);
    }

    @Override
    public List<Machine> findMachines(MachineQuery query) {
        return api().findMachines(query);
    }

    @Override
    public Machine freeMachine(String id) {
        return api().freeMachine(id);
    }

    @Override
    public Health health() {
        return api().health();
    }
}

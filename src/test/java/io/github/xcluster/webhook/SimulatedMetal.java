package io.github.xcluster.webhook;

import io.github.xcluster.metal.AuthType;
import io.github.xcluster.metal.CachingMetalLookups;
import io.github.xcluster.metal.HttpMetalApi;
import io.github.xcluster.metal.MetalApi;
import io.github.xcluster.metal.MetalApiConfig;
import io.github.xcluster.rules.FirewallDefaults;
import io.github.xcluster.rules.SpecRules;
import io.github.xcluster.sim.MetalSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** The metal-api simulator seeded with the mini-lab world, and a real HTTP client for it. */
final class SimulatedMetal implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final String PROJECT = "00000000-0000-0000-0000-000000000000";
    static final String OTHER_PROJECT = "11111111-1111-1111-1111-111111111111";
    static final String SMALL = "v1-small-x86";
    static final String LARGE = "c1-xlarge-x86";
    static final String MACHINE_1 = "e0ab02d2-27cd-5a5e-8efc-080ba80cf258";
    static final String MACHINE_2 = "2294c949-88f6-5390-8154-fa53d93a3313";

    final MetalSimulator simulator;
    final MetalApi metalApi;
    private SpecRules rules;

    private SimulatedMetal(MetalSimulator simulator, MetalApi metalApi) {
        this.simulator = simulator;
        this.metalApi = metalApi;
    }

    /** Authentication off: every call succeeds as far as credentials go. */
    static SimulatedMetal start() {
        return start(MetalSimulator.builder().clock(CLOCK).build().start(), Optional.empty(), AuthType.ADMIN);
    }

    static SimulatedMetal startWithMachinesPerSize(int machines) {
        return start(
                MetalSimulator.builder()
                        .clock(CLOCK)
                        .machinesPerSize(machines)
                        .build()
                        .start(),
                Optional.empty(),
                AuthType.ADMIN);
    }

    /** Authentication on, the client holding an edit credential: no admin-only calls. */
    static SimulatedMetal startWithEditCredential() {
        MetalSimulator simulator = MetalSimulator.builder()
                .clock(CLOCK)
                .hmacKeys(
                        Map.of(AuthType.VIEW, "metal-view", AuthType.EDIT, "metal-edit", AuthType.ADMIN, "metal-admin"))
                .build()
                .start();
        return start(simulator, Optional.of("metal-edit"), AuthType.EDIT);
    }

    private static SimulatedMetal start(MetalSimulator simulator, Optional<String> hmac, AuthType type) {
        MetalApiConfig config = new MetalApiConfig(
                URI.create(simulator.baseUrl()),
                hmac,
                type,
                Optional.empty(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        return new SimulatedMetal(simulator, HttpMetalApi.connect(config));
    }

    CachingMetalLookups lookups() {
        return new CachingMetalLookups(metalApi, CLOCK, Duration.ofSeconds(10), Runnable::run);
    }

    SpecRules rules(FirewallDefaults defaults) {
        return new SpecRules(lookups(), defaults, CLOCK);
    }

    /** The rules without operator defaults, made once per simulated metal-api. */
    SpecRules rules() {
        if (rules == null) {
            rules = rules(FirewallDefaults.none());
        }
        return rules;
    }

    @Override
    public void close() {
        if (rules != null) {
            rules.close();
        }
        simulator.close();
    }
}

package io.github.xcluster.reconcile;

import io.github.xcluster.api.XFirewall;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code xcluster_xfirewall_ready{namespace, name}}: 1 while an XFirewall is ready, 0 while it is not, from its
 * last reconciliation; gone once the XFirewall is being deleted. An alert on 0 lasting long finds a firewall
 * stuck in provisioning or lost.
 */
final class FirewallReadinessMetric {
    static final String NAME = "xcluster.xfirewall.ready";

    private record Tracked(Gauge gauge, AtomicInteger ready) {}

    private final MeterRegistry registry;
    private final Map<ResourceID, Tracked> firewalls = new ConcurrentHashMap<>();

    FirewallReadinessMetric(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(XFirewall firewall) {
        boolean ready = firewall.getStatus() != null && firewall.getStatus().isReady();
        firewalls
                .computeIfAbsent(ResourceID.fromResource(firewall), this::track)
                .ready()
                .set(ready ? 1 : 0);
    }

    void forget(XFirewall firewall) {
        Tracked tracked = firewalls.remove(ResourceID.fromResource(firewall));
        if (tracked != null) {
            registry.remove(tracked.gauge());
        }
    }

    private Tracked track(ResourceID id) {
        AtomicInteger ready = new AtomicInteger();
        Gauge gauge = Gauge.builder(NAME, ready, AtomicInteger::get)
                .description("Whether the XFirewall is ready (1) or not (0), as of its last reconciliation")
                .tag("namespace", id.getNamespace().orElse(""))
                .tag("name", id.getName())
                .register(registry);
        return new Tracked(gauge, ready);
    }
}

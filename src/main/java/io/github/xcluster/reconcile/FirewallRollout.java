package io.github.xcluster.reconcile;

import io.github.xcluster.api.FirewallUpdate;
import io.github.xcluster.api.XFirewall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from an XCluster's XFirewalls alone, which one serves, which comes up to replace it, and which go. Nothing
 * but the objects is consulted, so an operator killed between any two steps decides the same again: a firewall of the
 * current template that is ready serves and every other goes; otherwise the ready one that served last keeps serving
 * (RollingUpdate) or goes first (Recreate), and every other firewall, such as one of a template reverted meanwhile,
 * goes at once. A ready firewall is therefore only freed once its replacement is ready, unless Recreate was chosen.
 */
final class FirewallRollout {
    /**
     * @param active the firewall that protects the network (ready, or the one that served last; for a new cluster the
     *     first, still provisioning)
     * @param pending the firewall of the current template while it comes up beside the active one
     * @param create whether the firewall of the current template is yet to be created; it is the active one when
     *     {@code active} is empty
     * @param retire firewalls to delete now
     * @param recreating whether the active one goes first (Recreate) and the replacement waits for it
     */
    record Plan(
            Optional<XFirewall> active,
            Optional<XFirewall> pending,
            boolean create,
            List<XFirewall> retire,
            boolean recreating) {}

    private static final Comparator<XFirewall> OLDEST_FIRST = Comparator.comparing(FirewallRollout::created)
            .thenComparing(f -> f.getMetadata().getName());

    private FirewallRollout() {}

    /** @param owned the cluster's XFirewalls, those being deleted included */
    static Plan plan(List<XFirewall> owned, String wantedHash, FirewallUpdate.Strategy strategy) {
        List<XFirewall> live =
                owned.stream().filter(f -> !isDeleting(f)).sorted(OLDEST_FIRST).toList();
        boolean anyDeleting = live.size() < owned.size();
        List<XFirewall> currents = live.stream()
                .filter(f -> wantedHash.equals(FirewallTemplate.hashOf(f)))
                .toList();
        Optional<XFirewall> current = currents.stream().findFirst();
        List<XFirewall> retire = new ArrayList<>(currents.stream().skip(1).toList());
        List<XFirewall> others =
                live.stream().filter(f -> !currents.contains(f)).toList();

        if (current.isPresent() && isReady(current.get())) {
            retire.addAll(others);
            return new Plan(current, Optional.empty(), false, retire, false);
        }
        Optional<XFirewall> serving = serving(others);
        others.stream().filter(f -> serving.map(s -> s != f).orElse(true)).forEach(retire::add);
        if (serving.isEmpty()) {
            boolean othersRemain = anyDeleting || !others.isEmpty();
            return new Plan(
                    current, Optional.empty(), current.isEmpty() && mayCreate(strategy, othersRemain), retire, false);
        }
        if (strategy == FirewallUpdate.Strategy.Recreate) {
            retire.add(serving.get());
            return new Plan(Optional.empty(), current, false, retire, true);
        }
        return new Plan(serving, current, current.isEmpty(), retire, false);
    }

    /** Of firewalls of older templates: the ready one that served last, else the one that served last. */
    private static Optional<XFirewall> serving(List<XFirewall> others) {
        Comparator<XFirewall> preference =
                Comparator.comparing((XFirewall f) -> isLabelledActive(f)).thenComparing(FirewallRollout::created);
        Optional<XFirewall> ready =
                others.stream().filter(FirewallRollout::isReady).max(preference);
        return ready.isPresent()
                ? ready
                : others.stream().filter(FirewallRollout::isLabelledActive).findFirst();
    }

    /** Recreate allocates the replacement only once the firewalls it replaces are gone, machines freed. */
    private static boolean mayCreate(FirewallUpdate.Strategy strategy, boolean othersRemain) {
        return strategy != FirewallUpdate.Strategy.Recreate || !othersRemain;
    }

    static boolean isReady(XFirewall firewall) {
        return firewall.getStatus() != null && firewall.getStatus().isReady();
    }

    private static boolean isLabelledActive(XFirewall firewall) {
        return FirewallTemplate.ROLE_ACTIVE.equals(FirewallTemplate.roleOf(firewall));
    }

    private static boolean isDeleting(XFirewall firewall) {
        return firewall.getMetadata().getDeletionTimestamp() != null;
    }

    static Instant created(XFirewall firewall) {
        String timestamp = firewall.getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }
}

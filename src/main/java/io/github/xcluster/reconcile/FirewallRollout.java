package io.github.xcluster.reconcile;

import io.github.xcluster.api.FirewallUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a cluster's firewalls alone, which one serves, which comes up to replace it, and which go. Nothing
 * but the firewalls is consulted, so an operator killed between any two steps decides the same again: a firewall of
 * the current template that is ready serves and every other goes; otherwise the ready one that served last keeps
 * serving (RollingUpdate) or goes first (Recreate), and every other firewall, such as one of a template reverted
 * meanwhile, goes at once. A ready firewall is therefore only freed once its replacement is ready, unless Recreate was
 * chosen. The firewalls are XFirewalls for an XCluster and metal-api firewall machines for a Cluster API cluster;
 * {@link Facts} reads what the plan needs of either.
 */
final class FirewallRollout {
    /** What a plan reads of one firewall, whatever holds it. */
    interface Facts<F> {
        /** The hash of the template the firewall was made from. */
        String hashOf(F firewall);

        boolean isReady(F firewall);

        /** Whether it was recorded as the one that serves, the last time a plan was carried out. */
        boolean servedLast(F firewall);

        /** When it was made; {@link Instant#MAX} if unknown. */
        Instant created(F firewall);

        boolean isDeleting(F firewall);

        String name(F firewall);
    }

    /**
     * @param active the firewall that protects the network (ready, or the one that served last; for a new cluster the
     *     first, still provisioning)
     * @param pending the firewall of the current template while it comes up beside the active one
     * @param create whether the firewall of the current template is yet to be created; it is the active one when
     *     {@code active} is empty
     * @param retire firewalls to delete now
     * @param recreating whether the active one goes first (Recreate) and the replacement waits for it
     */
    record Plan<F>(Optional<F> active, Optional<F> pending, boolean create, List<F> retire, boolean recreating) {
        /** The plan once the firewall it asked for is made. */
        Plan<F> withCreated(F created) {
            return active.isEmpty()
                    ? new Plan<>(Optional.of(created), Optional.empty(), false, retire, false)
                    : new Plan<>(active, Optional.of(created), false, retire, false);
        }
    }

    private FirewallRollout() {}

    /** @param owned the cluster's firewalls, those being deleted included */
    static <F> Plan<F> plan(List<F> owned, String wantedHash, FirewallUpdate.Strategy strategy, Facts<F> facts) {
        Comparator<F> oldestFirst = Comparator.comparing(facts::created).thenComparing(facts::name);
        List<F> live = owned.stream()
                .filter(f -> !facts.isDeleting(f))
                .sorted(oldestFirst)
                .toList();
        boolean anyDeleting = live.size() < owned.size();
        List<F> currents =
                live.stream().filter(f -> wantedHash.equals(facts.hashOf(f))).toList();
        Optional<F> current = currents.stream().findFirst();
        List<F> retire = new ArrayList<>(currents.stream().skip(1).toList());
        List<F> others = live.stream().filter(f -> !currents.contains(f)).toList();

        if (current.isPresent() && facts.isReady(current.get())) {
            retire.addAll(others);
            return new Plan<>(current, Optional.empty(), false, retire, false);
        }
        Optional<F> serving = serving(others, facts);
        others.stream().filter(f -> serving.map(s -> s != f).orElse(true)).forEach(retire::add);
        if (serving.isEmpty()) {
            boolean othersRemain = anyDeleting || !others.isEmpty();
            return new Plan<>(
                    current, Optional.empty(), current.isEmpty() && mayCreate(strategy, othersRemain), retire, false);
        }
        if (strategy == FirewallUpdate.Strategy.Recreate) {
            retire.add(serving.get());
            return new Plan<>(Optional.empty(), current, false, retire, true);
        }
        return new Plan<>(serving, current, current.isEmpty(), retire, false);
    }

    /** Of firewalls of older templates: the ready one that served last, else the one that served last. */
    private static <F> Optional<F> serving(List<F> others, Facts<F> facts) {
        Comparator<F> preference = Comparator.comparing(facts::servedLast).thenComparing(facts::created);
        Optional<F> ready = others.stream().filter(facts::isReady).max(preference);
        return ready.isPresent()
                ? ready
                : others.stream().filter(facts::servedLast).findFirst();
    }

    /** Recreate allocates the replacement only once the firewalls it replaces are gone, machines freed. */
    private static boolean mayCreate(FirewallUpdate.Strategy strategy, boolean othersRemain) {
        return strategy != FirewallUpdate.Strategy.Recreate || !othersRemain;
    }
}

package io.github.xcluster.metal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The metal-api reads admission rules make, remembered for a short time so repeated admissions
 * cost no round trip. Answers that something does not exist or is refused (not found, rejected,
 * unauthorized) are remembered too; outages are not. While one caller asks metal-api for a key,
 * other callers of the same key wait for that answer instead of asking again.
 *
 * <p>An answer in use is asked for again in the background once it is half to three quarters of a
 * TTL old, so a key that is looked up steadily never makes an admission wait for metal-api, and no
 * answer is ever served older than the TTL. The age is drawn at random per answer: the answers one
 * admission loaded together are not asked for again in one burst. A background ask that meets an
 * outage leaves the answer to expire.
 */
public final class CachingMetalLookups {
    public static final String LOOKUPS = "xcluster.metal.api.cache.lookups";

    private final MetalApi metalApi;
    private final Clock clock;
    private final Duration ttl;
    private final Executor refresher;
    private final ConcurrentHashMap<LookupKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;
    private volatile Counter hits;
    private volatile Counter misses;

    /** @param refresher runs the background asks; admissions never wait for it */
    public CachingMetalLookups(MetalApi metalApi, Clock clock, Duration ttl, Executor refresher) {
        this.metalApi = metalApi;
        this.clock = clock;
        this.ttl = ttl;
        this.refresher = refresher;
        this.nextSweep = new AtomicReference<>(clock.instant().plus(ttl));
    }

    /**
     * Forgets every answer whenever the credentials change: a refusal of the old ones must not outlive them.
     *
     * @return this
     */
    public CachingMetalLookups forgettingOn(MetalApiChanges changes) {
        changes.whenChanged(entries::clear);
        return this;
    }

    /**
     * Counts the lookups as {@code xcluster_metal_api_cache_lookups_total}, {@code result} {@code hit} (answered from
     * memory, or by waiting for another caller's ask) or {@code miss} (asked metal-api).
     *
     * @return this
     */
    public CachingMetalLookups countingInto(MeterRegistry registry) {
        hits = lookups(registry, "hit");
        misses = lookups(registry, "miss");
        return this;
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder(LOOKUPS)
                .description("Admission lookups of metal-api answers, by whether memory had the answer")
                .tag("result", result)
                .register(registry);
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    /** Answers and calls in flight held now; expired ones are dropped at most one TTL late. */
    int size() {
        return entries.size();
    }

    public Optional<Partition> partition(String id) {
        return cached("partition", id, () -> metalApi.partition(id));
    }

    public List<Partition> partitions() {
        return cached("partitions", "", metalApi::partitions);
    }

    public Optional<Project> project(String id) {
        return cached("project", id, () -> metalApi.project(id));
    }

    public Optional<Image> image(String id) {
        return cached("image", id, () -> metalApi.image(id));
    }

    public Optional<Image> latestImage(String idOrShorthand) {
        return cached("latestImage", idOrShorthand, () -> metalApi.latestImage(idOrShorthand));
    }

    /** @param feature {@link Image#FEATURE_FIREWALL} or {@link Image#FEATURE_MACHINE} */
    public List<Image> imagesWithFeature(String feature) {
        return cached("images", feature, () -> metalApi.imagesWithFeatures(List.of(feature)));
    }

    public Optional<Size> size(String id) {
        return cached("size", id, () -> metalApi.size(id));
    }

    public List<Size> sizes() {
        return cached("sizes", "", metalApi::sizes);
    }

    /**
     * @throws MetalApiException.Rejected when the constraint forbids the pair
     * @throws MetalApiException.Unauthorized when the credential is not an admin's
     */
    public void checkSizeImageConstraint(String sizeId, String imageId) {
        cached("sizeImageConstraint", List.of(sizeId, imageId), () -> {
            metalApi.checkSizeImageConstraint(sizeId, imageId);
            return Boolean.TRUE;
        });
    }

    public List<SizeCapacity> capacity(String partitionId) {
        return cached("capacity", partitionId, () -> metalApi.capacity(partitionId));
    }

    public Optional<Network> network(String id) {
        return cached("network", id, () -> metalApi.network(id));
    }

    public List<Network> findNetworks(NetworkQuery query) {
        return cached("findNetworks", query, () -> metalApi.findNetworks(query));
    }

    public Optional<IpAddress> ip(String address) {
        return cached("ip", address, () -> metalApi.ip(address));
    }

    public Optional<Machine> machine(String id) {
        return cached("machine", id, () -> metalApi.machine(id));
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String operation, Object argument, Supplier<T> load) {
        LookupKey key = new LookupKey(operation, argument);
        while (true) {
            Instant now = clock.instant();
            Entry existing = entries.get(key);
            if (existing != null && existing.isUsableAt(now)) {
                if (existing.claimRefreshAt(now)) {
                    refreshInBackground(key, existing, load);
                }
                count(hits);
                return (T) existing.await();
            }
            sweepExpiredOncePerTtl();
            Entry mine = new Entry();
            boolean won =
                    existing == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, existing, mine);
            if (won) {
                count(misses);
                mine.load(load);
                if (!mine.isRemembered()) {
                    entries.remove(key, mine);
                }
                return (T) mine.await();
            }
        }
    }

    private void refreshInBackground(LookupKey key, Entry current, Supplier<?> load) {
        Entry next = new Entry();
        try {
            refresher.execute(() -> {
                next.load(load);
                if (next.isRemembered()) {
                    entries.replace(key, current, next);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the current answer serves until it expires, as after an outage
        }
    }

    /** Every distinct id asked about (hostile ones too) would otherwise stay in memory for good. */
    private void sweepExpiredOncePerTtl() {
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(ttl))) {
            return;
        }
        entries.values().removeIf(entry -> !entry.isUsableAt(now));
    }

    private record LookupKey(String operation, Object argument) {}

    /** One answer of metal-api, or the call still under way. */
    private final class Entry {
        private final CompletableFuture<Object> answer = new CompletableFuture<>();
        private final AtomicBoolean refreshClaimed = new AtomicBoolean();
        private final Duration refreshAge =
                ttl.dividedBy(2).plusNanos(ThreadLocalRandom.current().nextLong(ttl.toNanos() / 4 + 1));
        private volatile Instant answeredAt;

        /** In flight, or answered and remembered less than the TTL ago; outages are never usable. */
        boolean isUsableAt(Instant now) {
            if (!answer.isDone()) {
                return true;
            }
            Instant at = answeredAt;
            return at != null && now.isBefore(at.plus(ttl));
        }

        /** True for the one caller that finds a remembered answer old enough to be asked for again. */
        boolean claimRefreshAt(Instant now) {
            Instant at = answeredAt;
            return at != null && !now.isBefore(at.plus(refreshAge)) && refreshClaimed.compareAndSet(false, true);
        }

        /** Asks metal-api once; what it answers, refusals included, is remembered from now on, an outage is not. */
        void load(Supplier<?> load) {
            try {
                Object value = load.get();
                answeredAt = clock.instant();
                answer.complete(value);
            } catch (MetalApiException.NotFound | MetalApiException.Rejected | MetalApiException.Unauthorized refusal) {
                answeredAt = clock.instant();
                answer.completeExceptionally(refusal);
            } catch (RuntimeException | Error outage) {
                answer.completeExceptionally(outage);
            }
        }

        boolean isRemembered() {
            return answeredAt != null;
        }

        Object await() {
            try {
                return answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}

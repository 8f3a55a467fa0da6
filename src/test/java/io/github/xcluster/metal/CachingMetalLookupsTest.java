package io.github.xcluster.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.xcluster.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CachingMetalLookupsTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    /** By then every answer is due to be asked for again; the exact age is drawn between half and this. */
    private static final Duration THREE_QUARTERS_OF_TTL = TTL.multipliedBy(3).dividedBy(4);

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger calls = new AtomicInteger();
    private final Queue<Runnable> backgroundTasks = new ArrayDeque<>();

    /** A metal-api that answers partition lookups with the given function and counts them. */
    private MetalApi partitionsAnsweredBy(Function<String, Optional<Partition>> answer) {
        return (MetalApi) Proxy.newProxyInstance(
                MetalApi.class.getClassLoader(), new Class<?>[] {MetalApi.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("partition")) {
                        throw new UnsupportedOperationException(method.getName() + " is not part of this test");
                    }
                    calls.incrementAndGet();
                    return answer.apply((String) args[0]);
                });
    }

    @Test
    void lookupsAreCountedAsHitsAndMisses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CachingMetalLookups lookups = new CachingMetalLookups(
                        partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))),
                        clock,
                        TTL,
                        backgroundTasks::add)
                .countingInto(registry);

        lookups.partition("vagrant");
        lookups.partition("vagrant");
        lookups.partition("vagrant");
        lookups.partition("mini-lab");

        assertThat(registry.get(CachingMetalLookups.LOOKUPS)
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(CachingMetalLookups.LOOKUPS)
                        .tag("result", "miss")
                        .counter()
                        .count())
                .isEqualTo(calls.get())
                .isEqualTo(2);
    }

    @Test
    void repeatedLookupWithinHalfTheTtlAsksMetalApiOnce() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))), clock, TTL, backgroundTasks::add);

        lookups.partition("vagrant");
        clock.advance(TTL.dividedBy(2).minusMillis(1));
        Optional<Partition> again = lookups.partition("vagrant");

        assertThat(again).map(Partition::id).contains("vagrant");
        assertThat(calls).hasValue(1);
        assertThat(backgroundTasks).isEmpty();
    }

    @Test
    void lookupThreeQuartersIntoTheTtlAnswersAtOnceAndAsksAgainInTheBackground() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))), clock, TTL, backgroundTasks::add);
        lookups.partition("vagrant");
        clock.advance(THREE_QUARTERS_OF_TTL);

        assertThat(lookups.partition("vagrant")).map(Partition::id).contains("vagrant");
        assertThat(lookups.partition("vagrant")).map(Partition::id).contains("vagrant");
        assertThat(calls).hasValue(1);
        assertThat(backgroundTasks).hasSize(1);

        backgroundTasks.remove().run();
        clock.advance(TTL.dividedBy(2));

        assertThat(lookups.partition("vagrant")).map(Partition::id).contains("vagrant");
        assertThat(calls).hasValue(2);
    }

    @Test
    void answersLoadedTogetherAreAskedForAgainAtDifferentAges() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))), clock, TTL, backgroundTasks::add);
        IntStream.range(0, 100).forEach(i -> lookups.partition("partition-" + i));

        clock.advance(TTL.dividedBy(2).plus(TTL.dividedBy(8)));
        IntStream.range(0, 100).forEach(i -> lookups.partition("partition-" + i));
        int dueHalfWay = backgroundTasks.size();
        clock.advance(TTL.dividedBy(8));
        IntStream.range(0, 100).forEach(i -> lookups.partition("partition-" + i));

        assertThat(dueHalfWay).isBetween(1, 99);
        assertThat(backgroundTasks).hasSize(100);
    }

    @Test
    void backgroundAskThatMeetsAnOutageLeavesTheAnswerToExpire() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> {
                    if (calls.get() == 1) {
                        return Optional.of(new Partition(id, id, ""));
                    }
                    throw new MetalApiException.Unavailable(503, "metal-api is down", null);
                }),
                clock,
                TTL,
                backgroundTasks::add);
        lookups.partition("vagrant");
        clock.advance(THREE_QUARTERS_OF_TTL);
        lookups.partition("vagrant");
        backgroundTasks.remove().run();

        assertThat(lookups.partition("vagrant")).map(Partition::id).contains("vagrant");
        assertThat(backgroundTasks).isEmpty();
        assertThat(calls).hasValue(2);

        clock.advance(TTL.minus(THREE_QUARTERS_OF_TTL));

        assertThatThrownBy(() -> lookups.partition("vagrant")).isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void answersOfIdsNotAskedAgainAreDroppedOnceTheyExpire() {
        CachingMetalLookups lookups =
                new CachingMetalLookups(partitionsAnsweredBy(id -> Optional.empty()), clock, TTL, backgroundTasks::add);

        for (int i = 0; i < 1000; i++) {
            lookups.partition("hostile-" + i);
        }
        assertThat(lookups.size()).isEqualTo(1000);
        clock.advance(TTL);
        lookups.partition("vagrant");

        assertThat(lookups.size()).isEqualTo(1);
    }

    @Test
    void lookupAfterTheTtlAsksMetalApiAgain() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))), clock, TTL, backgroundTasks::add);

        lookups.partition("vagrant");
        clock.advance(TTL);
        lookups.partition("vagrant");

        assertThat(calls).hasValue(2);
    }

    @Test
    void differentKeysAreCachedApart() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> Optional.of(new Partition(id, id, ""))), clock, TTL, backgroundTasks::add);

        assertThat(lookups.partition("vagrant")).map(Partition::id).contains("vagrant");
        assertThat(lookups.partition("mini-lab")).map(Partition::id).contains("mini-lab");
        assertThat(calls).hasValue(2);
    }

    @Test
    void absentAnswerIsCachedToo() {
        CachingMetalLookups lookups =
                new CachingMetalLookups(partitionsAnsweredBy(id -> Optional.empty()), clock, TTL, backgroundTasks::add);

        assertThat(lookups.partition("nowhere")).isEmpty();
        assertThat(lookups.partition("nowhere")).isEmpty();
        assertThat(calls).hasValue(1);
    }

    @Test
    void refusalIsCachedAndRethrown() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> {
                    throw new MetalApiException.Unauthorized(403, "you are not member in one of [admin]");
                }),
                clock,
                TTL,
                backgroundTasks::add);

        assertThatThrownBy(() -> lookups.partition("vagrant")).isInstanceOf(MetalApiException.Unauthorized.class);
        assertThatThrownBy(() -> lookups.partition("vagrant")).hasMessage("you are not member in one of [admin]");
        assertThat(calls).hasValue(1);
    }

    @Test
    void outageIsNotCached() {
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> {
                    throw new MetalApiException.Unavailable(0, "connection refused", null);
                }),
                clock,
                TTL,
                backgroundTasks::add);

        assertThatThrownBy(() -> lookups.partition("vagrant")).isInstanceOf(MetalApiException.Unavailable.class);
        assertThatThrownBy(() -> lookups.partition("vagrant")).isInstanceOf(MetalApiException.Unavailable.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void concurrentLookupsOfOneKeyShareOneCall() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CachingMetalLookups lookups = new CachingMetalLookups(
                partitionsAnsweredBy(id -> {
                    inFlight.countDown();
                    awaitQuietly(release);
                    return Optional.of(new Partition(id, id, ""));
                }),
                clock,
                TTL,
                backgroundTasks::add);
        CompletableFuture<Optional<Partition>> first =
                CompletableFuture.supplyAsync(() -> lookups.partition("vagrant"));
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
        Thread[] second = new Thread[1];
        CompletableFuture<Optional<Partition>> waiting = new CompletableFuture<>();
        second[0] = new Thread(() -> waiting.complete(lookups.partition("vagrant")));
        second[0].start();
        await().until(() -> second[0].getState() == Thread.State.WAITING);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).map(Partition::id).contains("vagrant");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).map(Partition::id).contains("vagrant");
        assertThat(calls).hasValue(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

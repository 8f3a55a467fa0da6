package io.github.xcluster.bench;

import io.github.xcluster.testing.JavaProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Admission reviews over HTTPS keep-alive on a fixed pool of connections, as the API server sends
 * them, trusting only the benchmark's CA. Latencies land in an HdrHistogram.
 */
final class AdmissionLoad implements AutoCloseable {
    /** What the API server waits for a webhook by default. */
    private static final long TIMEOUT_MILLIS = 10_000;

    private static final int ERRORS_KEPT = 5;
    private static final long POLL_MILLIS = 20;

    private final Vertx vertx;
    private final HttpClient client;
    private final Context context;

    private AdmissionLoad(Vertx vertx, HttpClient client) {
        this.vertx = vertx;
        this.client = client;
        this.context = vertx.getOrCreateContext();
    }

    static AdmissionLoad connect(int port, String caPem, int connections) {
        Vertx vertx = Vertx.vertx();
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)))
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true);
        return new AdmissionLoad(
                vertx, vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections)));
    }

    /**
     * What one phase of load measured.
     *
     * @param senderLag how late, at worst, the open loop's sender handed a review over: time this
     *     machine did not give the load generator, counted in the latencies all the same
     */
    record Result(
            Histogram latencies,
            long requests,
            long errors,
            List<String> someErrors,
            Duration elapsed,
            Duration senderLag) {
        double perSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }
    }

    /** Sends one review after another until one is answered correctly. */
    void awaitServing(AdmissionTarget target, Duration patience, JavaProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            server.checkAlive();
            try {
                review(target).toCompletionStage().toCompletableFuture().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            target.name() + " did not answer within " + patience + "; the server's output is in "
                                    + server.log(),
                            notYet);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /**
     * Open loop: {@code rate} reviews a second on a fixed schedule whatever the answers do, each
     * latency counted from when its review was due, so a stall shows in every review it delays.
     */
    Result openLoop(AdmissionTarget target, int rate, Duration duration) throws InterruptedException {
        long count = rate * duration.toSeconds();
        long interval = 1_000_000_000L / rate;
        Tally tally = new Tally();
        CountDownLatch answered = new CountDownLatch((int) count);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            tally.sentLate(System.nanoTime() - due);
            review(target).onComplete(outcome -> {
                tally.record(due, outcome.cause());
                answered.countDown();
            });
        }
        awaitAnswers(answered, target);
        return tally.result(start);
    }

    /**
     * Closed loop: {@code concurrency} reviews in flight, each right answer sending the next; a wrong
     * one takes its sender out, so a broken server cannot make the loop spin.
     */
    Result closedLoop(AdmissionTarget target, int concurrency, Duration duration) throws InterruptedException {
        Tally tally = new Tally();
        CountDownLatch finished = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            sendUntil(end, target, tally, finished);
        }
        awaitAnswers(finished, target);
        return tally.result(start);
    }

    private void sendUntil(long end, AdmissionTarget target, Tally tally, CountDownLatch finished) {
        long sent = System.nanoTime();
        if (sent >= end) {
            finished.countDown();
            return;
        }
        review(target).onComplete(outcome -> {
            tally.record(sent, outcome.cause());
            if (outcome.succeeded()) {
                sendUntil(end, target, tally, finished);
            } else {
                finished.countDown();
            }
        });
    }

    private static void awaitAnswers(CountDownLatch latch, AdmissionTarget target) throws InterruptedException {
        if (!latch.await(TIMEOUT_MILLIS * 3, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    target.name() + ": " + latch.getCount() + " reviews still unanswered after the request timeout");
        }
    }

    /**
     * Sends from the load's own event loop: requests made on threads outside Vert.x were, now and
     * then, never answered nor timed out (Vert.x 4.5 client pool).
     */
    private Future<Void> review(AdmissionTarget target) {
        Promise<Void> answer = Promise.promise();
        context.runOnContext(ignored -> send(target).onComplete(answer));
        return answer.future();
    }

    private Future<Void> send(AdmissionTarget target) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(target.path())
                .setConnectTimeout(TIMEOUT_MILLIS)
                .setTimeout(TIMEOUT_MILLIS)
                .putHeader("Content-Type", "application/json");
        return client.request(request)
                .compose(sending -> sending.send(target.review()))
                .compose(response -> response.body().map(body -> {
                    target.check(response.statusCode(), body);
                    return null;
                }));
    }

    @Override
    public void close() {
        client.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** Latencies of every answer, right or wrong, and what went wrong. */
    private static final class Tally {
        private final Histogram latencies = new ConcurrentHistogram(3);
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final Queue<String> someErrors = new ConcurrentLinkedQueue<>();
        private final AtomicLong lastAnswer = new AtomicLong();
        private final AtomicLong worstSendLag = new AtomicLong();

        void sentLate(long nanos) {
            worstSendLag.accumulateAndGet(nanos, Math::max);
        }

        void record(long sentNanos, Throwable failure) {
            long now = System.nanoTime();
            latencies.recordValue(now - sentNanos);
            requests.incrementAndGet();
            lastAnswer.accumulateAndGet(now, Math::max);
            if (failure != null && errors.incrementAndGet() <= ERRORS_KEPT) {
                someErrors.add(String.valueOf(failure.getMessage()));
            }
        }

        Result result(long startNanos) {
            return new Result(
                    latencies,
                    requests.get(),
                    errors.get(),
                    List.copyOf(someErrors),
                    Duration.ofNanos(lastAnswer.get() - startNanos),
                    Duration.ofNanos(worstSendLag.get()));
        }
    }
}

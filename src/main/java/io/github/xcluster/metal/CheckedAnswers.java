package io.github.xcluster.metal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK client with every answer checked before the generated client reads it: at most {@link #MAX_ANSWER_BYTES}
 * (checked while it arrives, so a huge answer never sits in the heap), a successful one JSON and not empty or
 * {@code null}, and the whole body in within the request timeout (the JDK's own timeout ends with the headers, so a
 * body that stops half way would block its reader for good). A failed check ends the call with {@link Refused}.
 */
final class CheckedAnswers extends HttpClient {
    /** metal-api's largest answers are machine lists: about 10 KiB a machine, so this holds some 1,600 of them. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private static final ScheduledThreadPoolExecutor TIMER =
            new ScheduledThreadPoolExecutor(1, new DaemonThreads("metal-api-answer-deadline"));

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    /** An answer the operator will not read; the message says what was wrong with it and never quotes it. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private final HttpClient delegate;
    private final Duration bodyTimeout;
    private final int maxAnswerBytes;

    CheckedAnswers(HttpClient delegate, Duration bodyTimeout, int maxAnswerBytes) {
        this.delegate = delegate;
        this.bodyTimeout = bodyTimeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, checked(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, checked(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, checked(handler), pushPromiseHandler);
    }

    /** The answer is read here, checked, and handed to the caller's handler only when it passed. */
    private <T> HttpResponse.BodyHandler<T> checked(HttpResponse.BodyHandler<T> handler) {
        return info -> new CheckedBody<>(info, bodyTimeout, maxAnswerBytes, body -> {
            HttpResponse.BodySubscriber<T> original = handler.apply(info);
            original.onSubscribe(new OneBuffer(original, body));
            return original.getBody();
        });
    }

    /** Hands a body that is already complete to a subscriber as one buffer, on its first demand. */
    private static final class OneBuffer implements Flow.Subscription {
        private final Flow.Subscriber<List<ByteBuffer>> subscriber;
        private final byte[] body;
        private boolean delivered;

        OneBuffer(Flow.Subscriber<List<ByteBuffer>> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public synchronized void request(long n) {
            if (delivered || n <= 0) {
                return;
            }
            delivered = true;
            subscriber.onNext(List.of(ByteBuffer.wrap(body)));
            subscriber.onComplete();
        }

        @Override
        public synchronized void cancel() {
            delivered = true;
        }
    }

    /** Collects one answer's bytes up to the limit, then checks what it holds. */
    private static final class CheckedBody<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.ResponseInfo info;
        private final int limit;
        private final Function<byte[], CompletionStage<T>> reader;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ScheduledFuture<?> deadline;
        private volatile Flow.Subscription subscription;

        CheckedBody(
                HttpResponse.ResponseInfo info,
                Duration timeout,
                int limit,
                Function<byte[], CompletionStage<T>> reader) {
            this.info = info;
            this.limit = limit;
            this.reader = reader;
            this.deadline = TIMER.schedule(
                    () -> fail(new HttpTimeoutException(
                            "metal-api did not send its whole answer within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<T> getBody() {
            return body.thenCompose(reader);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                fail(tooLarge(declared + " bytes"));
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    fail(tooLarge("more than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable failure) {
            deadline.cancel(false);
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            deadline.cancel(false);
            byte[] answer = bytes.toByteArray();
            Optional<String> problem = problem(answer);
            if (problem.isPresent()) {
                body.completeExceptionally(new Refused(problem.get()));
            } else {
                body.complete(answer);
            }
        }

        /** Errors may be plain text (metal-api's router sends such); a successful answer must be a JSON value. */
        private Optional<String> problem(byte[] answer) {
            if (info.statusCode() / 100 != 2) {
                return Optional.empty();
            }
            String type = info.headers().firstValue("Content-Type").orElse("none");
            if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return Optional.of("metal-api answered HTTP " + info.statusCode() + " with Content-Type "
                        + printable(type) + ", expected application/json");
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            if (text.isEmpty() || text.equals("null")) {
                return Optional.of("metal-api answered HTTP " + info.statusCode() + " with "
                        + (text.isEmpty() ? "an empty body" : "null") + " where a JSON object or list belongs");
            }
            return Optional.empty();
        }

        private Refused tooLarge(String size) {
            return new Refused("metal-api's answer (HTTP " + info.statusCode() + ") is " + size + ", more than the "
                    + limit / (1024 * 1024) + " MiB the operator reads");
        }

        private void fail(IOException failure) {
            deadline.cancel(false);
            if (body.completeExceptionally(failure) && subscription != null) {
                subscription.cancel();
            }
        }

        private static String printable(String headerValue) {
            String cut = headerValue.length() > 60 ? headerValue.substring(0, 60) + "…" : headerValue;
            return cut.replaceAll("\\p{Cntrl}", "?");
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}

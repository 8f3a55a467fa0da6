package io.github.xcluster.webhook;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the webhook port against slow and greedy clients, all on the event loop:
 * <ul>
 *   <li>at most {@code maxInFlight} reviews are read at once; the others wait paused, unread, so the bytes held in
 *       the heap stay below {@code maxInFlight} times the 3 MiB body limit however many clients send;
 *   <li>a connection must deliver a whole request's headers within the request timeout of opening (or of its
 *       previous answer), and every request must be answered within it from its headers on, waiting included;
 *   <li>a review let in must deliver its body within the body timeout: a client that trickles its headers or body
 *       is cut off, and a few of them cannot keep the places from honest reviews for long.
 * </ul>
 * Idle keep-alive connections are closed by the server's idle timeout.
 */
final class ReviewAdmittance {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewAdmittance.class);

    private final Vertx vertx;
    private final WebhookSettings.ConnectionLimits limits;
    private final Queue<Review> waiting = new ArrayDeque<>();
    /** By connection: vertx-web hands the router a wrapper of the request, and HTTP/1.1 answers one at a time. */
    private final Map<HttpConnection, Review> reviews = new ConcurrentHashMap<>();

    private final Map<HttpConnection, Long> headerDeadlines = new ConcurrentHashMap<>();
    /** Written on the event loop only; read by the metric. */
    private volatile int inFlight;

    ReviewAdmittance(Vertx vertx, WebhookSettings.ConnectionLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** For {@code HttpServer.connectionHandler}: the first request's headers are due within the request timeout. */
    void connected(HttpConnection connection) {
        armHeaderDeadline(connection);
        connection.closeHandler(closed -> {
            Long timer = headerDeadlines.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
    }

    /** For {@code HttpServer.requestHandler}: starts the review now, or pauses it until a slot is free. */
    void requested(HttpServerRequest request, Handler<HttpServerRequest> next) {
        HttpConnection connection = request.connection();
        Long headerTimer = headerDeadlines.remove(connection);
        if (headerTimer != null) {
            vertx.cancelTimer(headerTimer);
        }
        Review review = new Review(request, next);
        review.answerTimer = vertx.setTimer(limits.requestTimeout().toMillis(), fired -> {
            LOG.warn(
                    "closing a connection whose admission review was not answered within {} ms remote={}",
                    limits.requestTimeout().toMillis(),
                    request.remoteAddress());
            finished(request, false);
            connection.close();
        });
        reviews.put(connection, review);
        if (inFlight < limits.maxInFlight()) {
            start(review);
        } else {
            request.pause();
            waiting.add(review);
        }
    }

    /**
     * For the router's first handler, through {@code RoutingContext.addEndHandler}: the review was answered (or its
     * connection lost), so its slot is free.
     */
    void finished(HttpServerRequest request, boolean answered) {
        Review review = reviews.remove(request.connection());
        if (review == null) {
            return;
        }
        vertx.cancelTimer(review.answerTimer);
        vertx.cancelTimer(review.bodyTimer);
        if (!review.started) {
            waiting.remove(review);
            return;
        }
        inFlight--;
        startNextWaiting();
        if (answered) {
            armHeaderDeadline(request.connection());
        }
    }

    /** Reviews being read or answered now; the rest wait unread. */
    int inFlight() {
        return inFlight;
    }

    /** For the router's handler after the body handler: the body is in, so it no longer has to hurry. */
    void bodyRead(HttpServerRequest request) {
        Review review = reviews.get(request.connection());
        if (review != null) {
            vertx.cancelTimer(review.bodyTimer);
        }
    }

    private void start(Review review) {
        inFlight++;
        review.started = true;
        review.bodyTimer = vertx.setTimer(limits.bodyTimeout().toMillis(), fired -> {
            LOG.warn(
                    "closing a connection whose admission review body did not arrive within {} ms remote={}",
                    limits.bodyTimeout().toMillis(),
                    review.request.remoteAddress());
            HttpConnection connection = review.request.connection();
            finished(review.request, false);
            connection.close();
        });
        review.request.resume();
        review.next.handle(review.request);
    }

    private void startNextWaiting() {
        while (inFlight < limits.maxInFlight() && !waiting.isEmpty()) {
            Review review = waiting.poll();
            if (!review.request.response().closed()) {
                start(review);
            } else {
                vertx.cancelTimer(review.answerTimer);
                reviews.remove(review.request.connection());
            }
        }
    }

    /** One request on its way through: where it goes, and the timer that cuts it off if it is not answered in time. */
    private static final class Review {
        final HttpServerRequest request;
        final Handler<HttpServerRequest> next;
        long answerTimer;
        long bodyTimer = -1;
        boolean started;

        Review(HttpServerRequest request, Handler<HttpServerRequest> next) {
            this.request = request;
            this.next = next;
        }
    }

    private void armHeaderDeadline(HttpConnection connection) {
        long timer = vertx.setTimer(limits.requestTimeout().toMillis(), fired -> {
            if (headerDeadlines.remove(connection) != null) {
                LOG.warn(
                        "closing a connection that sent no complete request headers within {} ms remote={}",
                        limits.requestTimeout().toMillis(),
                        connection.remoteAddress());
                connection.close();
            }
        });
        Long previous = headerDeadlines.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }
}

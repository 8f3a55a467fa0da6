package io.github.xcluster.metal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The JDK client's request timeout ends when the headers arrive, so an answer whose body stops half
 * way would block its reader for good. This closes a body still being read when the request
 * timeout has passed once more, which ends the read with an IOException.
 */
final class BodyDeadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "metal-api-body-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration timeout;
    private final ThreadLocal<ScheduledFuture<?>> armed = new ThreadLocal<>();

    BodyDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** Called by the generated client on the calling thread once the headers are in. */
    void arm(HttpResponse<InputStream> response) {
        InputStream body = response.body();
        armed.set(TIMER.schedule(() -> close(body), timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Called when the call is over, however it ended. */
    void disarm() {
        ScheduledFuture<?> deadline = armed.get();
        if (deadline != null) {
            deadline.cancel(false);
            armed.remove();
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the reader blocked on this body reports the failure; closing is all that is left to do here
        }
    }
}

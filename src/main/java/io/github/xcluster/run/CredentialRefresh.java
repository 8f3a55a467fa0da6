package io.github.xcluster.run;

import io.github.xcluster.metal.DaemonThreads;
import io.github.xcluster.metal.MetalApiConfigException;
import io.github.xcluster.metal.MetalApiConnection;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the connection's credentials those of their source, read every interval, and asks metal-api whether they
 * are accepted until they are: a Secret that appears, changes or is fixed is used without a restart.
 */
final class CredentialRefresh implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefresh.class);

    private final MetalApiSource source;
    private final MetalApiConnection connection;
    private final Duration interval;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("metal-api-credentials"));

    private CredentialRefresh(MetalApiSource source, MetalApiConnection connection, Duration interval) {
        this.source = source;
        this.connection = connection;
        this.interval = interval;
    }

    /** Reads the credentials now, so the first reconciliation has them; checks them with metal-api meanwhile. */
    static CredentialRefresh start(MetalApiSource source, MetalApiConnection connection, Duration interval) {
        CredentialRefresh refresh = new CredentialRefresh(source, connection, interval);
        refresh.read();
        refresh.timer.scheduleWithFixedDelay(refresh::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return refresh;
    }

    private void refresh() {
        read();
        if (connection.state().kind() != MetalApiConnection.State.Kind.ACCEPTED) {
            connection.check();
        }
    }

    private void read() {
        try {
            connection.use(source.read());
        } catch (MetalApiConfigException unusable) {
            connection.withdraw(unusable.getMessage());
        } catch (UncheckedIOException unreadable) {
            LOG.warn("metal-api credentials kept, reading again in {} reason={}", interval, unreadable.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

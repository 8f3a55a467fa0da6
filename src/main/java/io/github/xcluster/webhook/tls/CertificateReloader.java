package io.github.xcluster.webhook.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a rotated certificate without a restart: checks the files' modification times
 * periodically and hands a changed, consistent pair to the running server. Vert.x 4.5.24 fails
 * handshakes that arrive while it builds the new SSL context (a few milliseconds per rotation);
 * the apiserver retries those calls.
 */
public final class CertificateReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final Vertx vertx;
    private final CertificateFiles files;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile HttpServer server;
    private volatile FileStamp served;
    private volatile Instant servedNotAfter;
    private long timerId = -1;

    public CertificateReloader(Vertx vertx, CertificateFiles files) {
        this.vertx = vertx;
        this.files = files;
    }

    /** Reads the certificate the server starts with. */
    public ServingCertificate load() throws IOException {
        FileStamp stamp = FileStamp.of(files);
        ServingCertificate certificate = ServingCertificate.read(files);
        served = stamp;
        servedNotAfter = certificate.notAfter();
        return certificate;
    }

    /** Starts checking the files every {@code interval} for the server serving what {@link #load} read. */
    public void start(HttpServer server, Duration interval) {
        this.server = server;
        timerId = vertx.setPeriodic(interval.toMillis(), id -> reloadIfChanged());
    }

    /**
     * Looks at the files now; completes with whether a new certificate went to the server. A check
     * while another is under way does nothing: Vert.x must not get overlapping SSL updates.
     */
    private Future<Boolean> reloadIfChanged() {
        if (!checking.compareAndSet(false, true)) {
            return Future.succeededFuture(false);
        }
        return vertx.executeBlocking(this::changedCertificate, false)
                .compose(changed -> changed == null ? Future.succeededFuture(false) : apply(changed))
                .onComplete(done -> checking.set(false))
                .onFailure(failure -> LOG.warn(
                        "serving certificate not reloaded, retrying at the next check files={} reason={}",
                        files,
                        failure.getMessage()));
    }

    private Candidate changedCertificate() {
        try {
            FileStamp stamp = FileStamp.of(files);
            return stamp.equals(served) ? null : new Candidate(stamp, ServingCertificate.read(files));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private Future<Boolean> apply(Candidate candidate) {
        return server.updateSSLOptions(
                        new SSLOptions()
                                .setKeyCertOptions(candidate.certificate().keyCertOptions()),
                        true)
                .onSuccess(updated -> {
                    served = candidate.stamp();
                    servedNotAfter = candidate.certificate().notAfter();
                    LOG.info("serving certificate reloaded certificate={}", files.certificate());
                });
    }

    /** When the certificate the server serves now expires. */
    public Instant servedNotAfter() {
        return servedNotAfter;
    }

    @Override
    public void close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private record Candidate(FileStamp stamp, ServingCertificate certificate) {}

    private record FileStamp(FileTime certificateModified, long certificateSize, FileTime keyModified, long keySize) {
        static FileStamp of(CertificateFiles files) throws IOException {
            return new FileStamp(
                    Files.getLastModifiedTime(files.certificate()),
                    Files.size(files.certificate()),
                    Files.getLastModifiedTime(files.privateKey()),
                    Files.size(files.privateKey()));
        }
    }
}

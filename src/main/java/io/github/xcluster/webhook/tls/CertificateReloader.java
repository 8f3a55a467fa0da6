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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a rotated certificate without a restart: checks the files' modification times
 * periodically and hands a changed, consistent pair to the running server.
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Vertx vertx;
  private final HttpServer server;
  private final CertificateFiles files;
  private volatile FileStamp served;
  private long timerId = -1;

  /**
   * @param server serving what the files held just before this reloader was made; the first check
   *     hands the files over once more, so a rotation in between is not missed
   */
  public CertificateReloader(Vertx vertx, HttpServer server, CertificateFiles files) {
    this.vertx = vertx;
    this.server = server;
    this.files = files;
  }

  public void start(Duration interval) {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> reloadIfChanged());
  }

  /** Looks at the files now; completes with whether a new certificate went to the server. */
  public Future<Boolean> reloadIfChanged() {
    return vertx
        .executeBlocking(this::changedCertificate, false)
        .compose(changed -> changed == null ? Future.succeededFuture(false) : apply(changed))
        .onFailure(
            failure ->
                LOG.warn(
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
    return server
        .updateSSLOptions(new SSLOptions().setKeyCertOptions(candidate.certificate().keyCertOptions()), true)
        .onSuccess(
            updated -> {
              served = candidate.stamp();
              LOG.info("serving certificate reloaded certificate={}", files.certificate());
            });
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

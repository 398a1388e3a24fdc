package hangar.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the certificate and key files every interval and, once a change has held still for one
 * interval, loads the new pair into the running server: new connections get it, open ones keep the
 * one they began with. A pair that cannot be used is logged and the server keeps the one it has. A
 * Jetty bean, so it runs exactly while the server does.
 *
 * <p>Files are compared by content, not by time stamp: renewal tools replace them by renaming or by
 * moving a symbolic link, and a copy may keep its old time.
 */
final class CertificateReloader extends AbstractLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final SslContextFactory.Server factory;
  private final Path certFile;
  private final Path keyFile;
  private final Duration interval;
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> checks;
  // Only the timer's one thread reads and writes these two after start.
  private String loaded;
  private String lastSeen;

  CertificateReloader(
      SslContextFactory.Server factory,
      Path certFile,
      Path keyFile,
      String loadedFingerprint,
      Duration interval) {
    this.factory = factory;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.loaded = loadedFingerprint;
    this.lastSeen = loadedFingerprint;
    this.interval = interval;
  }

  @Override
  protected void doStart() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hangar-tls-reload").daemon().factory());
    checks =
        timer.scheduleWithFixedDelay(
            this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() throws InterruptedException {
    checks.cancel(false);
    timer.shutdownNow();
    if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
      LOG.warn("the TLS reload check did not stop within 10 s");
    }
  }

  /** One look at the files; the timer's loop boundary, so nothing escapes it. */
  private void check() {
    try {
      String now = fingerprint(certFile, keyFile);
      boolean settled = now.equals(lastSeen);
      lastSeen = now;
      if (now.equals(loaded) || !settled) {
        return; // unchanged, or still being written: look again next time
      }
      loaded = now;
      reload();
    } catch (RuntimeException e) {
      LOG.error("the TLS reload check failed; it runs again in {}", interval, e);
    }
  }

  private void reload() {
    CertifiedKey pair;
    try {
      pair = CertifiedKey.read(certFile, keyFile);
    } catch (TlsFileException e) {
      LOG.warn(
          "the TLS files changed but cannot be used, so the server keeps its previous"
              + " certificate: {}",
          e.getMessage());
      return;
    }
    try {
      factory.reload(f -> f.setKeyStore(pair.keyStore()));
    } catch (Exception e) { // Jetty's reload declares Exception
      LOG.error(
          "cannot reload the TLS certificate from {}; the server keeps the previous", certFile, e);
      return;
    }
    LOG.info("TLS certificate reloaded from {}: {}", certFile, pair.describe());
  }

  /**
   * The SHA-256 of both files' bytes, or the reason one cannot be read: what changes when either
   * file does.
   */
  static String fingerprint(Path certFile, Path keyFile) {
    return digest(certFile) + "/" + digest(keyFile);
  }

  private static String digest(Path file) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      return "unreadable: " + e;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

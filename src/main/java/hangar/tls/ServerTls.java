package hangar.tls;

import hangar.config.ServerSettings;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JettyConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API server speaks: plain HTTP, or HTTPS only from the PEM files {@code [SERVER] tls_cert}
 * and {@code tls_key}, reloaded without a restart when they change. {@link #load} reads and checks
 * the files, so a bad file stops start-up before the port is bound; {@link #install} puts the
 * result into a Javalin configuration.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  /** How often the files are looked at for a change. */
  public static final Duration RELOAD_CHECK_INTERVAL = Duration.ofSeconds(2);

  private static final Set<PosixFilePermission> SHARED =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_WRITE);

  private final Path certFile;
  private final Path keyFile;
  private final SslContextFactory.Server factory;
  private final String fingerprint;
  private final Duration checkInterval;

  private ServerTls(
      Path certFile,
      Path keyFile,
      SslContextFactory.Server factory,
      String fingerprint,
      Duration checkInterval) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.factory = factory;
    this.fingerprint = fingerprint;
    this.checkInterval = checkInterval;
  }

  /** Plain HTTP. */
  public static ServerTls plain() {
    return new ServerTls(null, null, null, "", RELOAD_CHECK_INTERVAL);
  }

  /**
   * Reads the TLS files the settings name, or returns {@link #plain()} when they name none.
   *
   * @param settings the {@code [SERVER]} section
   * @param clock tells whether the certificate has expired, for a warning
   * @throws TlsFileException naming the file and what is wrong with it
   */
  public static ServerTls load(ServerSettings settings, Clock clock) {
    return load(settings, clock, RELOAD_CHECK_INTERVAL);
  }

  /**
   * {@link #load(ServerSettings, Clock)}, looking at the files for a change every {@code
   * checkInterval}.
   *
   * @throws TlsFileException naming the file and what is wrong with it
   * @throws IllegalArgumentException if {@code checkInterval} is not positive
   */
  public static ServerTls load(ServerSettings settings, Clock clock, Duration checkInterval) {
    Objects.requireNonNull(settings, "settings");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval must be positive, was " + checkInterval);
    }
    if (!settings.isTls()) {
      return plain();
    }
    // Fingerprint first: a change made while the pair is read shows as a change at the next look.
    String fingerprint = CertificateReloader.fingerprint(settings.tlsCert(), settings.tlsKey());
    CertifiedKey pair = CertifiedKey.read(settings.tlsCert(), settings.tlsKey());
    warnAbout(pair, settings.tlsKey(), clock.instant());
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(pair.keyStore());
    factory.setKeyStorePassword(CertifiedKey.STORE_PASSWORD);
    factory.setKeyManagerPassword(CertifiedKey.STORE_PASSWORD);
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    LOG.info("HTTPS with the certificate of {}: {}", settings.tlsCert(), pair.describe());
    return new ServerTls(
        settings.tlsCert(), settings.tlsKey(), factory, fingerprint, checkInterval);
  }

  /** Whether the server speaks HTTPS. */
  public boolean isEnabled() {
    return factory != null;
  }

  /** {@code https} or {@code http}. */
  public String scheme() {
    return isEnabled() ? "https" : "http";
  }

  /**
   * Makes the Javalin server of {@code cfg} speak as this says: with TLS, its one connector is
   * HTTPS on the host and port it is started with, and a watcher reloads the files while it runs;
   * without, it stays plain and warns at start when the address is not a loopback one.
   */
  public void install(JavalinConfig cfg) {
    JettyConfig jetty = cfg.jetty;
    if (factory == null) {
      jetty.modifyServer(server -> warnIfClear(jetty.host));
      return;
    }
    jetty.addConnector((server, http) -> connector(server, http, jetty.host, jetty.port));
    jetty.modifyServer(
        server ->
            server.addBean(
                new CertificateReloader(factory, certFile, keyFile, fingerprint, checkInterval)));
  }

  private ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // One certificate, and clients check its names themselves; Jetty's own check would answer 400
    // to a request for a name the certificate lacks, which the client has then accepted anyway.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    HttpConnectionFactory plain = new HttpConnectionFactory(https);
    ServerConnector connector =
        new ServerConnector(server, new SslConnectionFactory(factory, plain.getProtocol()), plain);
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private static void warnIfClear(String host) {
    clearTextWarning(host).ifPresent(LOG::warn);
  }

  /** The warning for plain HTTP on {@code host} (null: every interface), unless it is loopback. */
  static Optional<String> clearTextWarning(String host) {
    if (isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of(
        "the server listens on "
            + (host == null ? "every interface" : host)
            + " in plain HTTP: API tokens, passwords and results would cross the network in"
            + " clear. Set tls_cert and tls_key in [SERVER] to serve HTTPS, or bind to 127.0.0.1"
            + " behind a reverse proxy that serves HTTPS (docs/tls.md)");
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // binding to it fails next, with its own message
    }
  }

  private static void warnAbout(CertifiedKey pair, Path keyFile, Instant now) {
    if (pair.leaf().getNotAfter().toInstant().isBefore(now)) {
      LOG.warn(
          "the certificate of tls_cert expired on {}: clients will refuse it; renew it (the"
              + " server picks up the new file without a restart)",
          pair.leaf().getNotAfter().toInstant());
    } else if (pair.leaf().getNotBefore().toInstant().isAfter(now)) {
      LOG.warn(
          "the certificate of tls_cert is valid only from {}: clients refuse it until then",
          pair.leaf().getNotBefore().toInstant());
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
      if (mode.stream().anyMatch(SHARED::contains)) {
        LOG.warn(
            "tls_key {} can be read or written by other users of this machine; 'chmod 600 {}'",
            keyFile,
            keyFile);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot read the mode of {}: {}", keyFile, e.toString());
    }
  }
}

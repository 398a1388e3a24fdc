package hangar.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [SERVER]} section: where {@code hangar server} listens, whether it speaks TLS, and who
 * may read without a token.
 *
 * @param bindAddress the address the server listens on ({@code bind_address}; default {@value
 *     #DEFAULT_BIND_ADDRESS}, every interface); {@code hangar server --bind} overrides it
 * @param tlsCert the PEM file with the server's certificate, then its chain ({@code tls_cert}), or
 *     null for plain HTTP
 * @param tlsKey the PEM file with the certificate's private key ({@code tls_key}), or null for
 *     plain HTTP; set exactly when {@code tlsCert} is
 * @param anonymousRead whether reads (API, results, metrics) need no token or session ({@code
 *     anonymous_read}; default false)
 * @param metricsAnonymous whether {@code /metrics} alone needs no token ({@code metrics_anonymous};
 *     default false)
 * @param warnFreeSpaceMb the free space, in MB, under which the server warns about its data
 *     directory and results folder ({@code warn_free_space_mb}; default {@value
 *     #DEFAULT_WARN_FREE_SPACE_MB}); 0 never warns
 */
public record ServerSettings(
    String bindAddress,
    Path tlsCert,
    Path tlsKey,
    boolean anonymousRead,
    boolean metricsAnonymous,
    long warnFreeSpaceMb) {

  /** A gigabyte: room for a day of results of a small lab, and a clear signal on a laptop. */
  public static final long DEFAULT_WARN_FREE_SPACE_MB = 1024;

  /** Every IPv4 interface, as labs expect of a lab server. */
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  /**
   * Checks that the TLS files come as a pair.
   *
   * @throws NullPointerException if {@code bindAddress} is null
   * @throws IllegalArgumentException if only one of {@code tlsCert} and {@code tlsKey} is given, or
   *     {@code bindAddress} is blank
   */
  public ServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("bind_address must not be blank");
    }
    if (warnFreeSpaceMb < 0) {
      throw new IllegalArgumentException(
          "warn_free_space_mb must be 0 or more, was " + warnFreeSpaceMb);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "tls_cert and tls_key go together: give both for HTTPS, or neither for HTTP");
    }
  }

  /** These settings with the default {@code warn_free_space_mb}. */
  public ServerSettings(
      String bindAddress,
      Path tlsCert,
      Path tlsKey,
      boolean anonymousRead,
      boolean metricsAnonymous) {
    this(bindAddress, tlsCert, tlsKey, anonymousRead, metricsAnonymous, DEFAULT_WARN_FREE_SPACE_MB);
  }

  /** Plain HTTP on every interface; every read needs a token. */
  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_BIND_ADDRESS, null, null, false, false);
  }

  /** Whether the server serves HTTPS (and only HTTPS) from {@link #tlsCert} and {@link #tlsKey}. */
  public boolean isTls() {
    return tlsCert != null;
  }
}

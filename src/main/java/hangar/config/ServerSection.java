package hangar.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Reads {@code [SERVER]}; keys it does not know add a line to the warnings. */
final class ServerSection {
  static final String NAME = "SERVER";

  /** Autotest's keys for its RPC server's logs and name, which Hangar does without. */
  private static final List<String> AUTOTEST_ONLY =
      List.of(
          "hostname",
          "rpc_logging",
          "rpc_log_path",
          "rpc_num_old_logs",
          "rpc_max_log_size_mb",
          "global_afe_hostname");

  /** An IPv6 literal such as {@code ::} or {@code ::1}, optionally in brackets. */
  private static final Pattern IPV6 =
      Pattern.compile("\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*]?");

  private ServerSection() {}

  /**
   * Reads the section.
   *
   * @throws ConfigException on the first wrong value, or when only one of {@code tls_cert} and
   *     {@code tls_key} is set
   */
  static ServerSettings read(IniSection section, List<String> warnings) {
    ServerSettings defaults = ServerSettings.defaults();
    String bindAddress = defaults.bindAddress();
    IniEntry cert = null;
    IniEntry key = null;
    boolean anonymousRead = defaults.anonymousRead();
    boolean metricsAnonymous = defaults.metricsAnonymous();
    long warnFreeSpaceMb = defaults.warnFreeSpaceMb();
    for (IniEntry entry : section.entries()) {
      switch (entry.key()) {
        case "bind_address" -> bindAddress = address(entry);
        case "tls_cert" -> cert = entry.value().isEmpty() ? null : pemFile(entry);
        case "tls_key" -> key = entry.value().isEmpty() ? null : pemFile(entry);
        case "anonymous_read" -> anonymousRead = ConfigValues.bool(entry);
        case "metrics_anonymous" -> metricsAnonymous = ConfigValues.bool(entry);
        case "warn_free_space_mb" ->
            warnFreeSpaceMb = ConfigValues.wholeNumber(entry, 0, Integer.MAX_VALUE);
        default -> warnings.add(Warnings.unknownKey(entry, AUTOTEST_ONLY));
      }
    }
    if (cert != null && key == null) {
      throw cert.error("needs tls_key, the file with this certificate's private key; set both");
    }
    if (key != null && cert == null) {
      throw key.error("needs tls_cert, the file with the certificate of this key; set both");
    }
    return new ServerSettings(
        bindAddress,
        cert == null ? null : Path.of(cert.value()),
        key == null ? null : Path.of(key.value()),
        anonymousRead,
        metricsAnonymous,
        warnFreeSpaceMb);
  }

  private static String address(IniEntry entry) {
    String value = entry.value();
    if (ConfigValues.isHostName(value)) {
      return value;
    }
    if (IPV6.matcher(value).matches()) {
      return value.startsWith("[") && value.endsWith("]")
          ? value.substring(1, value.length() - 1)
          : value;
    }
    throw entry.error(
        "must be an address of this machine such as 0.0.0.0 (every interface), 127.0.0.1, :: or"
            + " a host name, was "
            + ConfigValues.shown(value));
  }

  private static IniEntry pemFile(IniEntry entry) {
    if (!ConfigValues.isAbsolutePath(entry.value())) {
      throw entry.error(
          "must be the absolute path of a PEM file, such as /etc/hangar/tls/"
              + (entry.key().equals("tls_key") ? "key.pem" : "cert.pem")
              + ", was "
              + ConfigValues.shown(entry.value()));
    }
    return entry;
  }
}

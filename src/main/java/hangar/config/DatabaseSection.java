package hangar.config;

import java.util.List;
import java.util.Locale;

/** Reads {@code [AUTOTEST_WEB]} into {@link DatabaseSettings}. */
final class DatabaseSection {
  static final String NAME = "AUTOTEST_WEB";

  /**
   * Keys of Autotest's {@code [AUTOTEST_WEB]} that Hangar does not use: job defaults and the
   * read-only second connection of Autotest's web frontend.
   */
  private static final List<String> AUTOTEST_ONLY_KEYS =
      List.of(
          "job_timeout_default",
          "job_max_runtime_hrs_default",
          "parse_failed_repair_default",
          "base_url",
          "readonly_host",
          "readonly_user",
          "readonly_password",
          "query_timeout",
          "min_retry_delay",
          "max_retry_delay");

  private DbType type = DatabaseSettings.DEFAULT_TYPE;
  private String host = DatabaseSettings.DEFAULT_HOST;
  private IniEntry hostEntry;
  private int port = DatabaseSettings.DEFAULT_PORT;
  private String database = DatabaseSettings.DEFAULT_DATABASE;
  private String user = DatabaseSettings.DEFAULT_USER;
  private String password = DatabaseSettings.DEFAULT_PASSWORD;

  private DatabaseSection() {}

  /**
   * Reads the section; keys it does not know add a line to {@code warnings}.
   *
   * @throws ConfigException on the first wrong value
   */
  static DatabaseSettings read(IniSection section, List<String> warnings) {
    DatabaseSection reader = new DatabaseSection();
    for (IniEntry entry : section.entries()) {
      reader.apply(entry, warnings);
    }
    return reader.settings();
  }

  private void apply(IniEntry entry, List<String> warnings) {
    switch (entry.key()) {
      case "db_type" -> type = dbType(entry);
      case "host" -> {
        host = ConfigValues.hostNameOrEmpty(entry);
        hostEntry = entry;
      }
      case "port" -> port = ConfigValues.wholeNumber(entry, 0, 65_535);
      case "database" -> database = nonEmpty(entry);
      case "user" -> user = entry.value();
      case "password" -> password = entry.value();
      default -> warnings.add(Warnings.unknownKey(entry, AUTOTEST_ONLY_KEYS));
    }
  }

  private DatabaseSettings settings() {
    if (type.isServer() && host.isEmpty()) {
      throw hostEntry.error(
          "must be a host name when db_type is "
              + type.name().toLowerCase(Locale.ROOT)
              + "; set it or remove the line for localhost");
    }
    return new DatabaseSettings(type, host, port, database, user, password);
  }

  private static DbType dbType(IniEntry entry) {
    return switch (entry.value().toLowerCase(Locale.ROOT)) {
      case "h2" -> DbType.H2;
      case "postgresql" -> DbType.POSTGRESQL;
      case "mysql", "mariadb" -> DbType.MYSQL;
      default ->
          throw entry.error(
              "must be one of h2, postgresql, mysql, mariadb, was "
                  + ConfigValues.shown(entry.value()));
    };
  }

  private static String nonEmpty(IniEntry entry) {
    if (entry.value().isEmpty()) {
      throw entry.error("must not be empty; remove the line for the default, hangar");
    }
    return entry.value();
  }
}

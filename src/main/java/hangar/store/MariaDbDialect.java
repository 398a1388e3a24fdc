package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * MariaDB and MySQL. They have no time-zone-aware timestamp that reaches past 2038, so instants are
 * stored as {@code DATETIME(6)} holding UTC, and every session runs in UTC so that the server's
 * functions agree with what Hangar wrote.
 */
final class MariaDbDialect implements Dialect {
  @Override
  public boolean skipLocked() {
    return true;
  }

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public String jdbcUrl(DatabaseSettings settings, Path dataDir) {
    return "jdbc:mariadb://"
        + settings.host()
        + ":"
        + settings.portOrDefault()
        + "/"
        + settings.database();
  }

  @Override
  public Map<String, String> connectionProperties() {
    return Map.of(
        "connectTimeout", Long.toString(Database.CONNECTION_TIMEOUT.toMillis()),
        "socketTimeout", Long.toString(Database.SOCKET_TIMEOUT.toMillis()));
  }

  /** Backticks: they quote whatever the SQL mode (double quotes only with ANSI_QUOTES). */
  @Override
  public String quote(String identifier) {
    return '`' + identifier + '`';
  }

  @Override
  public String connectionInitSql() {
    return "SET time_zone = '+00:00'";
  }

  @Override
  public Map<String, String> migrationPlaceholders() {
    return Map.of(
        "id", "BIGINT AUTO_INCREMENT PRIMARY KEY",
        "instant", "DATETIME(6)",
        "text", "LONGTEXT");
  }

  @Override
  public Object toJdbc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public Class<?> jdbcInstantType() {
    return LocalDateTime.class;
  }

  @Override
  public Instant fromJdbc(Object value) {
    return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
  }
}

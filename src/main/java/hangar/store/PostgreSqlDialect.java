package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;

/** PostgreSQL: {@code timestamptz} for instants, identity columns for ids. */
final class PostgreSqlDialect extends ZonedTimestampDialect {
  PostgreSqlDialect() {
    super("TEXT");
  }

  @Override
  public boolean skipLocked() {
    return true;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String jdbcUrl(DatabaseSettings settings, Path dataDir) {
    return "jdbc:postgresql://"
        + settings.host()
        + ":"
        + settings.portOrDefault()
        + "/"
        + settings.database();
  }

  @Override
  public Map<String, String> connectionProperties() {
    String connect = Long.toString(Database.CONNECTION_TIMEOUT.toSeconds());
    return Map.of(
        "connectTimeout", connect,
        "loginTimeout", connect,
        "socketTimeout", Long.toString(Database.SOCKET_TIMEOUT.toSeconds()));
  }
}

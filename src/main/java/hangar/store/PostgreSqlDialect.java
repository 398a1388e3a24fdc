package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;

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
}

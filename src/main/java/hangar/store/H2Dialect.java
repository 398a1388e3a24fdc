package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;

/** The embedded default: an H2 file database in the data directory. */
final class H2Dialect extends ZonedTimestampDialect {
  H2Dialect() {
    super("CLOB");
  }

  @Override
  public boolean skipLocked() {
    return false;
  }

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public String jdbcUrl(DatabaseSettings settings, Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("db").resolve(settings.database());
    // AUTO_SERVER lets a 'hangar scheduler' process share the file with the server.
    return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
  }
}

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
    return "jdbc:h2:retry:"
        + dataDir.toAbsolutePath().resolve(H2Login.FOLDER).resolve(settings.database());
  }

  @Override
  public Login login(DatabaseSettings settings, Path dataDir, boolean shared) {
    return H2Login.prepare(settings, dataDir, shared);
  }

  @Override
  public java.util.Optional<Path> embeddedFolder(Path dataDir) {
    return java.util.Optional.of(dataDir.toAbsolutePath().resolve(H2Login.FOLDER));
  }

  @Override
  public void opened(Path dataDir) {
    H2Login.secureFiles(dataDir);
  }
}

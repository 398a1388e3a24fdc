package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;
import java.util.Optional;

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

  /**
   * The file's URL without settings. H2 opens it through {@link H2FileRecovery}, which has H2 scan
   * a file that was not closed cleanly for its newest complete version, and through H2's {@code
   * retry:} file system, which opens the file again when a thread interrupted during a write closed
   * it (Java closes a FileChannel on interrupt); without them, H2 loses acknowledged commits.
   */
  @Override
  public String jdbcUrl(DatabaseSettings settings, Path dataDir) {
    H2FileRecovery.register();
    return "jdbc:h2:"
        + H2FileRecovery.SCHEME
        + ":retry:"
        + dataDir.toAbsolutePath().resolve(H2Login.FOLDER).resolve(settings.database());
  }

  @Override
  public Login login(DatabaseSettings settings, Path dataDir, boolean shared) {
    return H2Login.prepare(jdbcUrl(settings, dataDir), settings, dataDir, shared);
  }

  @Override
  public Optional<Path> embeddedFolder(Path dataDir) {
    return Optional.of(dataDir.toAbsolutePath().resolve(H2Login.FOLDER));
  }

  @Override
  public void opened(Path dataDir) {
    H2Login.secureFiles(dataDir);
  }
}

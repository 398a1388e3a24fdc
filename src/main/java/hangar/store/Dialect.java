package hangar.store;

import hangar.config.DatabaseSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What differs between the databases Hangar runs on. Feature code never branches on the database's
 * name; it asks its dialect.
 */
public sealed interface Dialect permits ZonedTimestampDialect, MariaDbDialect {

  /** A short name for logs and {@code /api/v1/server}: {@code h2}, {@code postgresql}, ... */
  String name();

  /** The JDBC URL for these settings; H2 keeps its file under {@code dataDir}. */
  String jdbcUrl(DatabaseSettings settings, Path dataDir);

  /**
   * How to log in: the settings' URL, user and password for a database server; H2 keeps its own
   * random password in the data directory ({@link H2Login}).
   *
   * @param shared true when other processes of this machine open the same database (H2 then serves
   *     it to them on the loopback address)
   */
  default Login login(DatabaseSettings settings, Path dataDir, boolean shared) {
    return new Login(jdbcUrl(settings, dataDir), settings.user(), settings.password());
  }

  /**
   * The folder of an embedded database's file, whose disk must have room before the file is opened
   * ({@link RoomToOpen}); empty for a database server.
   */
  default java.util.Optional<Path> embeddedFolder(Path dataDir) {
    return java.util.Optional.empty();
  }

  /** Called once the pool is open: H2 makes the files it created private. */
  default void opened(Path dataDir) {}

  /**
   * Driver properties that bound how long opening a connection and waiting for an answer may take
   * ({@link Database#CONNECTION_TIMEOUT}, {@link Database#SOCKET_TIMEOUT}), so that a database
   * server that went away fails requests instead of hanging them. None for embedded H2.
   */
  default Map<String, String> connectionProperties() {
    return Map.of();
  }

  /** An identifier quoted so that its case is kept: {@code "name"} (MariaDB overrides). */
  default String quote(String identifier) {
    return '"' + identifier + '"';
  }

  /** SQL run on every new connection, or null. */
  String connectionInitSql();

  /**
   * Values for the {@code ${id}}, {@code ${instant}} and {@code ${text}} migration placeholders.
   */
  Map<String, String> migrationPlaceholders();

  /** The JDBC object an instant is bound as, in UTC. */
  Object toJdbc(Instant instant);

  /** The JDBC class an instant column is read as. */
  Class<?> jdbcInstantType();

  /** Turns a value read as {@link #jdbcInstantType()} back into an instant. */
  Instant fromJdbc(Object value);

  /**
   * True when the database can lock rows with {@code SELECT ... FOR UPDATE SKIP LOCKED}, which
   * batch claims then use; false for the guarded-update path alone.
   */
  boolean skipLocked();

  /**
   * What the pool logs in with.
   *
   * @param url the JDBC URL
   * @param user the user name
   * @param password the password, kept out of {@link #toString()}
   */
  record Login(String url, String user, String password) {
    @Override
    public String toString() {
      return "Login[url=" + url + ", user=" + user + "]";
    }
  }

  /** The dialect for a database kind. */
  static Dialect of(hangar.config.DbType type) {
    return switch (type) {
      case H2 -> new H2Dialect();
      case POSTGRESQL -> new PostgreSqlDialect();
      case MYSQL -> new MariaDbDialect();
    };
  }
}

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

  /** The dialect for a database kind. */
  static Dialect of(hangar.config.DbType type) {
    return switch (type) {
      case H2 -> new H2Dialect();
      case POSTGRESQL -> new PostgreSqlDialect();
      case MYSQL -> new MariaDbDialect();
    };
  }
}

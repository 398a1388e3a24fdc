package hangar.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's migrations ({@code db/migration}, run by Flyway). A role that starts on a database
 * already at the newest version reads that from Flyway's history table in one query and does not
 * start Flyway, whose start (its plugins, the scan of the migrations in the jar) costs about a
 * tenth of a second of the role's start; any other database is migrated by Flyway.
 */
final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /**
   * The newest migration's version: the {@code V14__...} file. {@code SchemaTest} checks it against
   * the files, so a new migration cannot be added without it.
   */
  static final int NEWEST = 14;

  /** Flyway's history table, as Flyway names it (lower case, quoted). */
  private static final String HISTORY = "flyway_schema_history";

  private Schema() {}

  /**
   * Migrates the database to {@link #NEWEST}, or does nothing when its history says it is there.
   *
   * @throws FlywayException when a migration fails, or the history does not match the migrations (a
   *     failed one, a changed checksum)
   */
  static void migrate(DataSource dataSource, Dialect dialect) {
    if (isNewest(dataSource, dialect)) {
      LOG.debug("schema at version {}; no migration needed", NEWEST);
      return;
    }
    Flyway.configure()
        .dataSource(dataSource)
        .placeholders(dialect.migrationPlaceholders())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /**
   * True when every migration from 1 to {@link #NEWEST}, and no other, is in the history, each
   * applied with success. A database without the history table (a new one), or one whose history
   * cannot be read, is not: Flyway then looks at it and says what is wrong.
   */
  static boolean isNewest(DataSource dataSource, Dialect dialect) {
    // Flyway quotes the names it gives: in H2 they are lower case, as here, only when quoted.
    String version = dialect.quote("version");
    String sql =
        "SELECT "
            + version
            + ", "
            + dialect.quote("success")
            + " FROM "
            + dialect.quote(HISTORY)
            + " WHERE "
            + version
            + " IS NOT NULL";
    Set<Integer> applied = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        if (!rows.getBoolean(2)) {
          return false;
        }
        if (!applied.add(Integer.valueOf(rows.getString(1)))) {
          return false; // a version twice (an undo, a repair's marker): Flyway reads it
        }
      }
    } catch (SQLException | NumberFormatException e) {
      LOG.debug("schema history not read ({}); Flyway checks the database", e.toString());
      return false;
    }
    for (int v = 1; v <= NEWEST; v++) {
      if (!applied.remove(v)) {
        return false;
      }
    }
    return applied.isEmpty();
  }
}

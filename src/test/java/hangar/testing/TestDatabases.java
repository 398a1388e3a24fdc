package hangar.testing;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The three databases Hangar runs on, for tests: H2 in a temporary folder, and a fresh database on
 * the PostgreSQL (127.0.0.1:5432, user postgres) and MariaDB (127.0.0.1:3306, user root) servers
 * this machine runs. A server that cannot be reached skips the test with the reason printed; {@code
 * .ci/run} makes sure both are up, so CI never skips.
 */
public final class TestDatabases {
  public static final String POSTGRES_HOST = "127.0.0.1";
  public static final String MARIADB_HOST = "127.0.0.1";

  private TestDatabases() {}

  /** Settings for a fresh database of the given kind, created now (dropped by {@link #drop}). */
  public static DatabaseSettings fresh(DbType type) {
    String name =
        "hangar_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    switch (type) {
      case H2 -> {
        return new DatabaseSettings(DbType.H2, "", 0, name, "sa", "");
      }
      case POSTGRESQL -> {
        DatabaseSettings settings =
            new DatabaseSettings(DbType.POSTGRESQL, POSTGRES_HOST, 5432, name, "postgres", "");
        admin(
            settings,
            "jdbc:postgresql://" + POSTGRES_HOST + ":5432/postgres",
            "CREATE DATABASE " + name);
        return settings;
      }
      case MYSQL -> {
        DatabaseSettings settings =
            new DatabaseSettings(DbType.MYSQL, MARIADB_HOST, 3306, name, "root", "");
        admin(settings, "jdbc:mariadb://" + MARIADB_HOST + ":3306/", "CREATE DATABASE " + name);
        return settings;
      }
      default -> throw new IllegalArgumentException("unknown database kind " + type);
    }
  }

  /** Opens (and migrates) a fresh database of the given kind; H2 lives under {@code dir}. */
  public static Database open(DbType type, Path dir) {
    return Database.open(fresh(type), dir);
  }

  /** Drops a database made by {@link #fresh}; H2's file goes with its temporary folder. */
  public static void drop(DatabaseSettings settings) {
    switch (settings.type()) {
      case POSTGRESQL ->
          admin(
              settings,
              "jdbc:postgresql://" + POSTGRES_HOST + ":5432/postgres",
              "DROP DATABASE IF EXISTS " + settings.database() + " WITH (FORCE)");
      case MYSQL ->
          admin(
              settings,
              "jdbc:mariadb://" + MARIADB_HOST + ":3306/",
              "DROP DATABASE IF EXISTS " + settings.database());
      case H2 -> {}
    }
  }

  private static void admin(DatabaseSettings settings, String url, String sql) {
    Connection connection;
    try {
      connection = DriverManager.getConnection(url, settings.user(), settings.password());
    } catch (SQLException e) {
      String what = settings.type().name().toLowerCase(Locale.ROOT);
      String reason = what + " not reachable at " + url + " (" + e.getMessage() + "); skipping";
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
      return;
    }
    try (connection;
        Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + url + ": " + e.getMessage(), e);
    }
  }
}

package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database at the newest version opens without Flyway; any other is migrated, or refused, by
 * Flyway as before.
 */
class SchemaTest {
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

  @TempDir Path dir;

  @Test
  void the_newest_version_is_the_newest_migration_file_and_none_is_missing() throws IOException {
    List<Integer> versions;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      versions =
          files
              .map(f -> MIGRATION.matcher(f.getFileName().toString()))
              .filter(Matcher::matches)
              .map(m -> Integer.valueOf(m.group(1)))
              .sorted()
              .toList();
    }
    assertThat(versions).isNotEmpty();
    assertThat(versions.getLast()).isEqualTo(Schema.NEWEST);
    assertThat(versions).hasSize(Schema.NEWEST).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(DbType.class)
  void a_database_at_the_newest_version_opens_without_flyway(DbType type) {
    DatabaseSettings settings = TestDatabases.fresh(type);
    try {
      // Flyway would refuse this checksum ("migration checksum mismatch") were it started.
      assertThat(changeHistory(type, settings, "checksum", "12345", 1)).isEqualTo(1);
      try (Database again = Database.open(settings, dir)) {
        int hosts =
            again
                .jdbi()
                .withHandle(h -> h.select("SELECT COUNT(*) FROM hosts").mapTo(Integer.class).one());
        assertThat(hosts).isZero();
      }
    } finally {
      TestDatabases.drop(settings);
    }
  }

  @ParameterizedTest
  @EnumSource(DbType.class)
  void a_failed_migration_in_the_history_goes_to_flyway_which_refuses_it(DbType type) {
    DatabaseSettings settings = TestDatabases.fresh(type);
    try {
      assertThat(changeHistory(type, settings, "success", "FALSE", 3)).isEqualTo(1);
      assertThatThrownBy(() -> Database.open(settings, dir).close())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot migrate")
          .hasMessageContaining("failed migration to version 3");
    } finally {
      TestDatabases.drop(settings);
    }
  }

  /**
   * Opens (and so migrates) the database, then sets one column of one migration's row in Flyway's
   * history.
   *
   * @return the rows changed
   */
  private int changeHistory(
      DbType type, DatabaseSettings settings, String column, String value, int version) {
    Dialect dialect = Dialect.of(type);
    try (Database database = Database.open(settings, dir)) {
      return database
          .jdbi()
          .withHandle(
              h ->
                  h.execute(
                      "UPDATE "
                          + dialect.quote("flyway_schema_history")
                          + " SET "
                          + dialect.quote(column)
                          + " = "
                          + value
                          + " WHERE "
                          + dialect.quote("version")
                          + " = '"
                          + version
                          + "'"));
    }
  }
}

package hangar.scheduler;

import hangar.config.DbType;
import hangar.store.Database;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An H2 database opened once per test class, for tests of one tick phase. */
abstract class OneDatabaseLab {
  @TempDir static Path dir;

  static Database database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabases.open(DbType.H2, dir);
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }
}

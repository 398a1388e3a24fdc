package hangar.store;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.testing.SettableClock;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a fresh database of the subclass's {@link #type()} before each test and drops it after. */
abstract class DatabaseContract {
  @TempDir Path dir;

  DatabaseSettings settings;
  Database database;
  final SettableClock clock = new SettableClock();

  abstract DbType type();

  @BeforeEach
  void openDatabase() {
    settings = TestDatabases.fresh(type());
    database = Database.open(settings, dir);
  }

  @AfterEach
  void closeDatabase() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }
}

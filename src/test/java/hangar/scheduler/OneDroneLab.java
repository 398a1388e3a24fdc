package hangar.scheduler;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.store.Database;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An H2 database and a real drone daemon running shell sessions, opened once per test class. */
abstract class OneDroneLab {
  @TempDir static Path dir;

  static Database database;
  static LocalDrone drone;

  @BeforeAll
  static void openLab() {
    database = TestDatabases.open(DbType.H2, dir);
    drone = LocalDrone.create(dir.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void closeLab() {
    drone.shutdown();
    database.close();
  }
}

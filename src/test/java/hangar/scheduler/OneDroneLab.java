package hangar.scheduler;

import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** An H2 database and a real drone daemon running shell sessions, opened once per test class. */
abstract class OneDroneLab extends OneDatabaseLab {
  static LocalDrone drone;

  @BeforeAll
  static void startDrone() {
    drone = LocalDrone.create(dir.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void stopDrone() {
    drone.shutdown();
  }
}

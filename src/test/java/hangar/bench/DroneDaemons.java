package hangar.bench;

import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The lab's drone daemons, each known by its folder: found, stopped, their logs kept. */
final class DroneDaemons {
  private DroneDaemons() {}

  /** The pid of the daemon of {@code droneDir}, if one answers there. */
  static Optional<Long> pidOf(Path droneDir) {
    if (!Files.exists(droneDir)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDrone.attach(droneDir).ping().pid());
    } catch (DroneUnreachableException e) {
      return Optional.empty();
    }
  }

  /** Asks the daemon of {@code droneDir} to stop, if one answers there. */
  static void shutdown(Path droneDir) {
    if (pidOf(droneDir).isPresent()) {
      LocalDrone.attach(droneDir).shutdown();
    }
  }

  /** Copies {@code log} into {@code logs} as {@code as}, if there is one. */
  static void keepLog(Path logs, Path log, String as) {
    try {
      if (Files.exists(log)) {
        Files.copy(log, logs.resolve(as), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + log, e);
    }
  }
}

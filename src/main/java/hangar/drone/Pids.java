package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The pid a drone daemon writes into its lock file. */
final class Pids {
  private Pids() {}

  /** The pid in a lock file's text, or 0 when it holds none (empty, or written by no daemon). */
  static long parse(String text) {
    String pid = text.strip();
    if (pid.isEmpty() || pid.length() > 19 || !pid.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Long.parseLong(pid);
  }

  /**
   * The pid in the lock file of {@code droneDir}, or 0 when there is none.
   *
   * @throws IOException if the file exists but cannot be read
   */
  static long read(Path droneDir) throws IOException {
    try {
      return parse(new String(Files.readAllBytes(droneDir.resolve(DroneDaemon.LOCK_FILE)), UTF_8));
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}

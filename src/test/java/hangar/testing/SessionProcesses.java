package hangar.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the processes a session started by a marker in their command line (such as an unusual sleep
 * duration), reading {@code /proc}: what survives an abort or the death of a drone.
 */
public final class SessionProcesses {
  private SessionProcesses() {}

  /** The pids of live processes (not zombies) whose command line holds {@code marker}. */
  public static List<Long> find(String marker) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> isLive(p) && commandLine(p).contains(marker))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
  }

  /** How many live processes hold {@code marker} in their command line. */
  public static int count(String marker) {
    return find(marker).size();
  }

  /** Kills what a failed test left behind, so it does not outlive the test run. */
  public static void killAll(String marker) {
    find(marker).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private static boolean isLive(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
      // The state follows the command name in parentheses, which may itself hold spaces.
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false; // gone while we looked
    }
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // gone while we looked
    }
  }
}

package hangar.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processes of this machine whose command line holds a marker, read from {@code /proc}: a test
 * that gives everything it starts a unique marker (a folder of its own in every command line) finds
 * what it left behind, wherever it was reparented. Linux only; other users' processes need root.
 */
public final class MarkedProcesses {
  private MarkedProcesses() {}

  /**
   * One process.
   *
   * @param pid its id
   * @param commandLine its arguments joined by spaces
   */
  public record Found(long pid, String commandLine) {
    @Override
    public String toString() {
      return "pid " + pid + " (" + abbreviate(commandLine) + ")";
    }
  }

  /** Every live process but this one whose command line contains {@code marker}. */
  public static List<Found> withMarker(String marker) {
    List<Found> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        String line = commandLine(entry);
        if (line.contains(marker)) {
          found.add(new Found(Long.parseLong(name), line));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return found;
  }

  /**
   * True when {@code pid} is one of {@code roots} or runs below one of them (its parent, its
   * parent's parent, ...).
   */
  public static boolean isBelow(long pid, Set<Long> roots) {
    var process = ProcessHandle.of(pid);
    while (process.isPresent()) {
      if (roots.contains(process.get().pid())) {
        return true;
      }
      process = process.get().parent();
    }
    return false;
  }

  private static String commandLine(Path proc) {
    try {
      byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
      return new String(raw, UTF_8).replace('\0', ' ').strip();
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }

  private static String abbreviate(String line) {
    String shorter = line.replaceAll("-cp \\S+", "-cp ...");
    return shorter.length() <= 200 ? shorter : shorter.substring(0, 197) + "...";
  }
}

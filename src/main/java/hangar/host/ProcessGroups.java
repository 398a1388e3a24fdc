package hangar.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Each command this machine runs for a session leads a process group of its own ({@code setsid}),
 * watched by a small shell that kills the whole group when the process that started it dies: its
 * standard input is a pipe from that process, which reaches end of file when the process dies,
 * however it dies. So an abort, a timeout or the death of the drone daemon ends every process the
 * command started, including those re-parented to init, and none that it did not.
 */
final class ProcessGroups {
  private static final Path SETSID = findSetsid();

  /**
   * Keeps the pipe from the starting process on fd 3 for a watcher that kills the group at its end
   * of file, and runs the command ({@code $1}) with standard input from {@code /dev/null}.
   */
  private static final String WATCHED =
      "exec 3<&0 </dev/null\n"
          + "(read -r _ <&3; kill -KILL 0) &\n"
          + "watcher=$!\n"
          + "exec 3<&-\n"
          + "/bin/sh -c \"$1\"\n"
          + "status=$?\n"
          + "kill \"$watcher\" 2>/dev/null\n"
          + "exit \"$status\"\n";

  private ProcessGroups() {}

  /** True when commands get a process group and a watcher: {@code setsid} is installed. */
  static boolean isAvailable() {
    return SETSID != null;
  }

  /**
   * The command line that runs {@code command} under {@code /bin/sh -c} as the leader of a new
   * process group, watched as the class comment says; plain {@code /bin/sh -c} without setsid. The
   * process started must get a pipe as standard input, kept open while it runs.
   */
  static List<String> commandLine(String command) {
    if (SETSID == null) {
      return List.of("/bin/sh", "-c", command);
    }
    return List.of(SETSID.toString(), "/bin/sh", "-c", WATCHED, "hangar-command", command);
  }

  /**
   * The live processes of the process group {@code pgid}, read from {@code /proc}; empty where
   * there is no {@code /proc}.
   */
  static List<ProcessHandle> members(long pgid) {
    List<ProcessHandle> members = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty()
            && name.chars().allMatch(Character::isDigit)
            && groupOf(entry) == pgid) {
          ProcessHandle.of(Long.parseLong(name)).ifPresent(members::add);
        }
      }
    } catch (IOException e) {
      return members; // no /proc: the caller's walk down the tree is all there is
    }
    return members;
  }

  /** The process group in {@code /proc/PID/stat}, or -1 when the process is gone. */
  private static long groupOf(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
      // Fields after the command name, which is in parentheses and may hold anything:
      // state, ppid, pgrp.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1; // gone while we looked
    }
  }

  private static Path findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    return null;
  }
}

package hangar.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code [AUTOSERV]}; keys it does not know add a line to the warnings. */
final class AutoservSection {
  static final String NAME = "AUTOSERV";

  /** Autotest's keys for its own SSH and install machinery, which Hangar does without. */
  private static final List<String> AUTOTEST_ONLY =
      List.of(
          "client_autodir_paths",
          "ssh_engine",
          "enable_master_ssh",
          "require_atfork_module",
          "use_sshagent_with_paramiko");

  /** A user name as useradd takes it. */
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private AutoservSection() {}

  /**
   * Reads the section.
   *
   * @throws ConfigException on the first wrong value
   */
  static AutoservSettings read(IniSection section, List<String> warnings) {
    AutoservSettings defaults = AutoservSettings.defaults();
    List<Path> testsPath = defaults.testsPath();
    long minFreeDiskMb = defaults.minFreeDiskMb();
    long bootWaitSeconds = defaults.bootWaitSeconds();
    Optional<String> runAs = defaults.runAs();
    int heapMb = defaults.interpreterHeapMb();
    int cpuSeconds = defaults.interpreterCpuSeconds();
    for (IniEntry entry : section.entries()) {
      switch (entry.key()) {
        case "tests_path" -> testsPath = paths(entry);
        case "min_free_disk_mb" -> minFreeDiskMb = whole(entry, 0);
        case "boot_wait_seconds" -> bootWaitSeconds = whole(entry, 1);
        case "run_as" -> runAs = Optional.of(user(entry));
        case "interpreter_heap_mb" -> heapMb = (int) Math.min(whole(entry, 32), 1 << 20);
        case "interpreter_cpu_seconds" ->
            cpuSeconds = (int) Math.min(whole(entry, 1), Integer.MAX_VALUE);
        default -> warnings.add(Warnings.unknownKey(entry, AUTOTEST_ONLY));
      }
    }
    return new AutoservSettings(
        testsPath, minFreeDiskMb, bootWaitSeconds, runAs, heapMb, cpuSeconds);
  }

  private static String user(IniEntry entry) {
    String name = entry.value().strip();
    if (!USER.matcher(name).matches()) {
      throw entry.error(
          "must be a user name (lower-case letters, digits, '_', '-'), was "
              + ConfigValues.shown(entry.value()));
    }
    if (name.equals("root")) {
      throw entry.error("must name an unprivileged user, not root");
    }
    return name;
  }

  private static long whole(IniEntry entry, long min) {
    try {
      long value = Long.parseLong(entry.value().strip());
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      throw entry.error(
          "must be a whole number of at least "
              + min
              + ", was "
              + ConfigValues.shown(entry.value()));
    }
    throw entry.error(
        "must be a whole number of at least " + min + ", was " + ConfigValues.shown(entry.value()));
  }

  private static List<Path> paths(IniEntry entry) {
    List<Path> paths = new ArrayList<>();
    for (String part : entry.value().split(",")) {
      String path = part.strip();
      if (path.isEmpty()) {
        continue;
      }
      if (!ConfigValues.isAbsolutePath(path)) {
        throw entry.error(
            "must be absolute paths of test folders, comma-separated; "
                + ConfigValues.shown(path)
                + " is not");
      }
      paths.add(Path.of(path));
    }
    return paths;
  }
}

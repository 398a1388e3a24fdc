package hangar.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  private AutoservSection() {}

  /**
   * Reads the section.
   *
   * @throws ConfigException on the first wrong value
   */
  static AutoservSettings read(IniSection section, List<String> warnings) {
    List<Path> testsPath = List.of();
    for (IniEntry entry : section.entries()) {
      switch (entry.key()) {
        case "tests_path" -> testsPath = paths(entry);
        default -> warnings.add(Warnings.unknownKey(entry, AUTOTEST_ONLY));
      }
    }
    return new AutoservSettings(testsPath);
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

package hangar.config;

import java.nio.file.Path;
import java.util.List;

/** The warning lines for keys and sections the reader skips. */
final class Warnings {
  /** Sections of Autotest's {@code global_config.ini} that Hangar has no use for. */
  private static final List<String> AUTOTEST_ONLY_SECTIONS =
      List.of("TKO", "HOSTS", "AUTOSERV", "PACKAGES", "CLIENT");

  private Warnings() {}

  static String unknownKey(IniEntry entry, List<String> autotestOnlyKeys) {
    return autotestOnlyKeys.contains(entry.key())
        ? entry.warning("Autotest key not used by Hangar, ignored")
        : entry.warning("unknown key, ignored");
  }

  static String unknownSection(Path file, IniSection section) {
    String what =
        section.name().equals("TKO")
            ? "Autotest results database section; Hangar keeps results in the [AUTOTEST_WEB]"
                + " database, so its keys are ignored"
            : AUTOTEST_ONLY_SECTIONS.contains(section.name())
                ? "Autotest section not used by Hangar, its keys are ignored"
                : "unknown section, its keys are ignored";
    return file + ":" + section.line() + ": [" + section.name() + "]: " + what;
  }
}

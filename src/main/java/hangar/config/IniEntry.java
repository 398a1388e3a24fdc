package hangar.config;

import java.nio.file.Path;

/**
 * One {@code key: value} line of an INI file, with where it came from so that errors and warnings
 * can point at it.
 *
 * @param file the file the line is in
 * @param line the 1-based line number
 * @param key the key, lower-cased as Autotest's reader does
 * @param value the value with surrounding blanks removed; may be empty
 */
record IniEntry(Path file, int line, String key, String value) {

  /** Returns {@code file:line: key: reason} as a {@link ConfigException}. */
  ConfigException error(String reason) {
    return new ConfigException(where() + reason);
  }

  /** Returns {@code file:line: key: reason} as a warning line. */
  String warning(String reason) {
    return where() + reason;
  }

  private String where() {
    return file + ":" + line + ": " + key + ": ";
  }
}

package hangar.results;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes Autotest keyval files: {@code key=value} lines, keys of word characters, dots and dashes,
 * optionally typed {@code key{perf}} or {@code key{attr}}.
 */
public final class Keyvals {
  private static final Pattern KEY = Pattern.compile("[-.\\w]+(\\{(perf|attr)\\})?");

  private Keyvals() {}

  /**
   * Checks a key the way Autotest's {@code write_keyval} does.
   *
   * @throws IllegalArgumentException for a key the parser would reject
   */
  public static void checkKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "keyval key must be word characters, '.' or '-', optionally ending {perf} or {attr};"
              + " was '"
              + key
              + "'");
    }
  }

  /**
   * Appends {@code key=value} lines to the file, creating it if needed.
   *
   * @throws IOException if the file cannot be written
   * @throws IllegalArgumentException for a bad key or a value with a newline
   */
  public static void append(Path file, Map<String, String> values) throws IOException {
    write(file, render(values));
  }

  /** Appends the values and the blank line that ends one iteration of a test's keyval. */
  public static void appendIteration(Path file, Map<String, String> values) throws IOException {
    write(file, render(values) + "\n");
  }

  private static String render(Map<String, String> values) {
    StringBuilder text = new StringBuilder();
    values.forEach(
        (key, value) -> {
          checkKey(key);
          if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("keyval " + key + " has a newline in its value");
          }
          text.append(key).append('=').append(value).append('\n');
        });
    return text.toString();
  }

  // Appends with a FileOutputStream, which an aborting (interrupted) session can still use.
  private static void write(Path file, String text) throws IOException {
    try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}

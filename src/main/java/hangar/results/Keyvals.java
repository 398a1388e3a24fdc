package hangar.results;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes and reads Autotest keyval files: {@code key=value} lines, keys of word characters, dots
 * and dashes, optionally typed {@code key{perf}} or {@code key{attr}}.
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

  /**
   * Reads a keyval file into its values, later lines winning; blank lines and lines without {@code
   * =} are skipped. A missing file reads as no values.
   *
   * @throws IOException if the file exists but cannot be read
   */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map<String, String> block : readBlocks(file)) {
      values.putAll(block);
    }
    return values;
  }

  /**
   * Reads a test's {@code results/keyval} as its iterations: blocks of {@code key=value} lines,
   * each ended by a blank line (the last block may lack it). A missing file reads as none.
   *
   * @throws IOException if the file exists but cannot be read
   */
  public static List<Map<String, String>> readBlocks(Path file) throws IOException {
    List<Map<String, String>> blocks = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return blocks;
    }
    Map<String, String> block = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int equals = line.indexOf('=');
      if (line.isBlank()) {
        if (!block.isEmpty()) {
          blocks.add(block);
          block = new LinkedHashMap<>();
        }
      } else if (equals > 0) {
        block.put(line.substring(0, equals).strip(), line.substring(equals + 1));
      }
    }
    if (!block.isEmpty()) {
      blocks.add(block);
    }
    return blocks;
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

package hangar.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed INI file in the dialect of Autotest's {@code global_config.ini}.
 *
 * <p>Lines are {@code [SECTION]} headers, {@code key: value} or {@code key = value} entries (split
 * at the first {@code :} or {@code =}), comments starting with {@code #} or {@code ;}, and blank
 * lines. Blanks around keys and values are dropped, so indented keys are fine. Keys are
 * lower-cased; section names are kept as written. A {@code #} or {@code ;} that follows white space
 * starts a comment to the end of the line, as Python's {@code inline_comment_prefixes} do, so the
 * samples in our documentation can be copied as they are; one with no white space before it is part
 * of the value ({@code password: s3cr#t}).
 *
 * <p>Python's reader treats an indented line as the continuation of the previous value. This reader
 * does not: an indented line is a key of its own (Autotest's own documentation indents keys that
 * way), and an indented line without {@code :} or {@code =} is an error.
 */
final class IniFile {
  private static final int MAX_SHOWN_LINE = 40;

  private final Path file;
  private final Map<String, IniSection> sections = new LinkedHashMap<>();

  private IniFile(Path file) {
    this.file = file;
  }

  /**
   * Reads and parses a file as UTF-8.
   *
   * @throws ConfigException if the file is missing, unreadable, not UTF-8, or has a line that is
   *     neither a header, an entry nor a comment, a key outside any section, or a key set twice
   */
  static IniFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": file does not exist", e);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": cannot read: not UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e, e);
    }
    return parse(file, lines);
  }

  static IniFile parse(Path file, List<String> lines) {
    IniFile ini = new IniFile(file);
    IniSection current = null;
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String text = lines.get(i).strip();
      if (i == 0 && text.startsWith("\uFEFF")) {
        text = text.substring(1).strip();
      }
      if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
        continue;
      }
      if (text.startsWith("[")) {
        current = ini.openSection(number, text);
        continue;
      }
      IniEntry entry = ini.entry(number, text);
      if (current == null) {
        throw entry.error(
            "key outside any section; put it below a header such as [SCHEDULER] or"
                + " [AUTOTEST_WEB]");
      }
      current.add(entry);
    }
    return ini;
  }

  Path file() {
    return file;
  }

  Collection<IniSection> sections() {
    return Collections.unmodifiableCollection(sections.values());
  }

  private IniSection openSection(int number, String text) {
    String name = text.endsWith("]") ? text.substring(1, text.length() - 1).strip() : "";
    if (name.isEmpty() || name.contains("[") || name.contains("]")) {
      throw badLine(number, text, "not a valid section header; write it as [SECTION]");
    }
    return sections.computeIfAbsent(name, n -> new IniSection(n, number));
  }

  private IniEntry entry(int number, String text) {
    int colon = text.indexOf(':');
    int equals = text.indexOf('=');
    int split = colon < 0 ? equals : (equals < 0 ? colon : Math.min(colon, equals));
    if (split < 0) {
      throw badLine(
          number,
          text,
          "neither a [SECTION] header, a key: value or key = value line, nor a # comment"
              + " (a value cannot continue on the next line)");
    }
    String key = text.substring(0, split).strip().toLowerCase(Locale.ROOT);
    if (key.isEmpty()) {
      throw badLine(number, text, "value without a key; write it as key: value");
    }
    return new IniEntry(file, number, key, withoutComment(text.substring(split + 1)).strip());
  }

  private static String withoutComment(String value) {
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c == '#' || c == ';') && Character.isWhitespace(value.charAt(i - 1))) {
        return value.substring(0, i);
      }
    }
    return value;
  }

  private ConfigException badLine(int number, String text, String reason) {
    String shown =
        text.length() > MAX_SHOWN_LINE ? text.substring(0, MAX_SHOWN_LINE) + "..." : text;
    return new IniEntry(file, number, shown, "").error(reason);
  }
}

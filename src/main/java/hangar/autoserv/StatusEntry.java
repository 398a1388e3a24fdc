package hangar.autoserv;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of a status log, as Autotest's {@code status_log_entry} renders it: status word, subdir,
 * operation, {@code timestamp=} and {@code localtime=} fields and a message, separated by tabs and
 * indented by one tab per open group.
 *
 * @param code the status word
 * @param end true for the {@code END <code>} line that closes a group
 * @param subdir the test's results subfolder, or empty (rendered {@code ----})
 * @param operation the test's name, or empty (rendered {@code ----})
 * @param message free text; only its first line is parsed, later lines are kept indented by two
 *     spaces
 * @param timestamp when it happened (rendered in whole epoch seconds)
 * @param indent the number of groups open around the line
 * @param fields optional {@code key=value} fields after {@code localtime=}, such as the {@code
 *     kernel=} of a reboot's END line
 */
public record StatusEntry(
    StatusCode code,
    boolean end,
    String subdir,
    String operation,
    String message,
    Instant timestamp,
    int indent,
    Map<String, String> fields) {

  /** How a missing subdir or operation is written. */
  public static final String NONE = "----";

  private static final Pattern BAD_CHARS = Pattern.compile("[\\t\\n\\r\\u000B\\f]");

  /** {@code %b %d %H:%M:%S} of Python's strftime, in English whatever the JVM's locale. */
  private static final DateTimeFormatter LOCALTIME =
      DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);

  /** An entry with no optional fields. */
  public StatusEntry(
      StatusCode code,
      boolean end,
      String subdir,
      String operation,
      String message,
      Instant timestamp,
      int indent) {
    this(code, end, subdir, operation, message, timestamp, indent, Map.of());
  }

  public StatusEntry {
    Objects.requireNonNull(code, "code");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    fields.forEach(
        (key, value) -> {
          if (!key.matches("\\w+") || BAD_CHARS.matcher(value).find() || value.contains("=")) {
            throw new IllegalArgumentException(
                "a status field is word=text without tabs, newlines or '=', was "
                    + key
                    + "="
                    + value);
          }
        });
    subdir = checkField("subdir", subdir);
    operation = checkField("operation", operation);
    message = message == null ? "" : message;
    Objects.requireNonNull(timestamp, "timestamp");
    if (end && !code.isOutcome()) {
      throw new IllegalArgumentException("an END line needs an outcome, not " + code);
    }
    if (indent < 0) {
      throw new IllegalArgumentException("indent must not be negative, was " + indent);
    }
  }

  /** The status column: {@code GOOD}, or {@code END GOOD} for a closing line. */
  public String statusWord() {
    return end ? "END " + code : code.name();
  }

  /**
   * Renders the entry as it goes into {@code status.log}, without the final newline.
   *
   * @param zone the zone of the {@code localtime=} field (Autotest uses the machine's zone)
   * @return one line, followed by the message's extra lines if it had several
   */
  public String render(ZoneId zone) {
    List<String> lines = new ArrayList<>(message.lines().toList());
    String first = lines.isEmpty() ? "" : lines.remove(0);
    first = first.replace("\t", " ".repeat(8));
    first = BAD_CHARS.matcher(first).replaceAll(" ");
    StringBuilder out = new StringBuilder();
    out.append("\t".repeat(indent))
        .append(statusWord())
        .append('\t')
        .append(subdir.isEmpty() ? NONE : subdir)
        .append('\t')
        .append(operation.isEmpty() ? NONE : operation)
        .append("\ttimestamp=")
        .append(timestamp.getEpochSecond())
        .append("\tlocaltime=")
        .append(LOCALTIME.format(timestamp.atZone(zone)))
        .append('\t');
    fields.forEach((key, value) -> out.append(key).append('=').append(value).append('\t'));
    out.append(first);
    for (String extra : lines) {
      out.append("\n  ").append(extra);
    }
    return out.toString();
  }

  private static String checkField(String name, String value) {
    if (value == null) {
      return "";
    }
    if (BAD_CHARS.matcher(value).find()) {
      throw new IllegalArgumentException(name + " must not hold tabs or newlines, was: " + value);
    }
    return value;
  }
}

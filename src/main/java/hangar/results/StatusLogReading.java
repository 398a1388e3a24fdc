package hangar.results;

import hangar.autoserv.StatusCode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The state of one pass over a status log, fed line by line: the groups open, the tests closed, the
 * kernel last booted and the session's outcome.
 */
final class StatusLogReading {
  private static final Pattern FIELD = Pattern.compile("\\w+=.*", Pattern.DOTALL);
  private static final String NONE = "----";
  private static final String CUT_SHORT = "the status log ends before this group's END line";

  /** A test found in the log; {@code order} is the place of its first line. */
  record Test(
      int order,
      String subdir,
      String name,
      StatusCode status,
      String reason,
      Instant started,
      Instant finished,
      String kernel) {}

  /** A START group not yet ended. */
  private static final class Group {
    final int order;
    final String subdir;
    final String operation;
    final Instant started;
    StatusCode worst = StatusCode.GOOD;
    String worstReason = "";

    Group(int order, String subdir, String operation, Instant started) {
      this.order = order;
      this.subdir = subdir;
      this.operation = operation;
      this.started = started;
    }

    void note(StatusCode code, String reason) {
      if (code.ordinal() > worst.ordinal() || (code == worst && worstReason.isEmpty())) {
        worst = code;
        worstReason = code == StatusCode.GOOD ? "" : reason;
      }
    }
  }

  /** One parsed line. */
  private record Line(
      boolean start,
      boolean end,
      StatusCode code,
      String subdir,
      String operation,
      Instant timestamp,
      Map<String, String> fields,
      String message) {}

  private final Deque<Group> open = new ArrayDeque<>();
  private final List<Test> tests = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private int lines;
  private String kernel = "";
  private StatusCode status;
  private String reason = "";
  private StatusCode worstOutside = StatusCode.GOOD;
  private String worstOutsideReason = "";

  /** Reads one line of the log. */
  void line(int number, String text) {
    lines++;
    String body = text.replace("\r", "");
    int indent = 0;
    while (indent < body.length() && body.charAt(indent) == '\t') {
      indent++;
    }
    body = body.substring(indent);
    if (body.isBlank() || body.startsWith("  ")) {
      return; // blank, or a later line of a message over several lines
    }
    Line line = parse(number, body);
    if (line == null || line.code() == StatusCode.INFO) {
      return;
    }
    if (line.start()) {
      open.push(new Group(lines, line.subdir(), line.operation(), line.timestamp()));
    } else if (line.end()) {
      end(number, line);
    } else {
      record(line);
    }
  }

  /** Ends every group the log left open, as ABORT. */
  void finish() {
    while (!open.isEmpty()) {
      Group group = open.peek();
      close(
          new Line(false, true, StatusCode.ABORT, "", "", null, Map.of(), CUT_SHORT),
          group.started);
    }
    if (status == null) {
      status = worstOutside;
      reason = worstOutsideReason;
    }
  }

  /** A folder with no log at all. */
  void missing(String why) {
    status = StatusCode.ERROR;
    reason = why;
  }

  List<Test> tests() {
    return tests;
  }

  List<String> warnings() {
    return warnings;
  }

  String kernel() {
    return kernel;
  }

  StatusCode status() {
    return status;
  }

  String reason() {
    return reason;
  }

  private void end(int number, Line line) {
    if (open.isEmpty()) {
      warnings.add("line " + number + ": END " + line.code() + " with no group open; skipped");
      return;
    }
    close(line, line.timestamp());
  }

  /** Closes the innermost group with the END line's outcome. */
  private void close(Line line, Instant finished) {
    Group group = open.pop();
    String kernelField = line.fields().get("kernel");
    if (kernelField != null && !kernelField.isEmpty()) {
      kernel = kernelField;
    }
    String why = line.message().isEmpty() ? group.worstReason : line.message();
    StatusCode code = line.code();
    if (isTest(group.operation)) {
      tests.add(
          new Test(
              group.order,
              group.subdir,
              group.operation,
              code,
              code == StatusCode.GOOD ? "" : why,
              group.started,
              finished == null ? group.started : finished,
              kernel));
    }
    if (!open.isEmpty()) {
      open.peek().note(code, why);
    } else if (!isTest(group.operation)) {
      status = status == null ? code : StatusLogParser.worse(status, code);
      reason = code == StatusCode.GOOD ? reason : why;
    } else {
      noteOutside(code, why);
    }
  }

  /** A status line that opens and closes nothing. */
  private void record(Line line) {
    boolean inTest = open.stream().anyMatch(g -> isTest(g.operation));
    if (!inTest && isTest(line.operation())) {
      // A test recorded by a lone line, as job.record('GOOD', None, 'mytest') writes.
      tests.add(
          new Test(
              lines,
              line.subdir(),
              line.operation(),
              line.code(),
              line.code() == StatusCode.GOOD ? "" : line.message(),
              line.timestamp(),
              line.timestamp(),
              kernel));
    }
    if (open.isEmpty()) {
      noteOutside(line.code(), line.message());
    } else {
      open.peek().note(line.code(), line.message());
    }
  }

  private void noteOutside(StatusCode code, String why) {
    if (code.ordinal() > worstOutside.ordinal()) {
      worstOutside = code;
      worstOutsideReason = why;
    }
  }

  private static boolean isTest(String operation) {
    return !operation.isEmpty();
  }

  private Line parse(int number, String body) {
    String[] parts = body.split("\t", -1);
    if (parts.length < 3) {
      warnings.add("line " + number + ": fewer than three tab-separated fields; skipped");
      return null;
    }
    String word = parts[0];
    boolean end = word.startsWith("END ");
    StatusCode code = code(end ? word.substring(4) : word);
    if (code == null || (end && !code.isOutcome())) {
      warnings.add("line " + number + ": unknown status '" + word + "'; skipped");
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    StringBuilder message = new StringBuilder();
    for (int i = 3; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (!last && FIELD.matcher(parts[i]).matches()) {
        int equals = parts[i].indexOf('=');
        fields.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
      } else {
        message.append(message.isEmpty() ? "" : "\t").append(parts[i]);
      }
    }
    return new Line(
        code == StatusCode.START,
        end,
        code,
        field(parts[1]),
        field(parts[2]),
        StatusLogParser.epoch(fields.remove("timestamp")),
        fields,
        message.toString().strip());
  }

  private static String field(String value) {
    return NONE.equals(value) ? "" : value;
  }

  private static StatusCode code(String word) {
    try {
      return StatusCode.valueOf(word.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

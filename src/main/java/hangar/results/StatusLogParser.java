package hangar.results;

import hangar.autoserv.StatusCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a session's results folder into {@link ParsedResults}: its {@code status.log} (Autotest's
 * format, groups nested by {@code START}/{@code END} lines), its {@code keyval}, and each test's
 * {@code keyval} and {@code results/keyval}.
 *
 * <p>A log cut short (the session was killed) still parses: every group left open ends ABORT. Lines
 * it cannot read are skipped and named in {@link ParsedResults#warnings()}; a folder without a
 * {@code status.log} parses as an ERROR session with no tests.
 */
public final class StatusLogParser {
  /** At most this many unreadable lines are named; the rest are counted. */
  static final int MAX_WARNINGS = 50;

  private StatusLogParser() {}

  /**
   * Parses a results folder.
   *
   * @param dir the session's results folder (the one holding {@code status.log})
   * @throws IOException if a file is there but cannot be read
   */
  public static ParsedResults parse(Path dir) throws IOException {
    Map<String, String> keyvals = Keyvals.read(dir.resolve("keyval"));
    Path log = dir.resolve("status.log");
    StatusLogReading reading = new StatusLogReading();
    if (Files.isRegularFile(log)) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        reading.line(i + 1, lines.get(i));
      }
      reading.finish();
    } else {
      reading.missing("no status.log in the results folder: the session wrote nothing");
    }
    List<ParsedTest> tests = new ArrayList<>();
    List<String> warnings = new ArrayList<>(reading.warnings());
    reading.tests().stream()
        .sorted(Comparator.comparingInt(StatusLogReading.Test::order))
        .forEach(test -> tests.add(withKeyvals(dir, test, warnings)));
    String kernel = reading.kernel().isEmpty() ? unameKernel(dir) : reading.kernel();
    return new ParsedResults(
        keyvals.get("hostname"),
        keyvals.get("user"),
        keyvals.get("label"),
        epoch(keyvals.get("job_queued")),
        epoch(keyvals.get("job_started")),
        epoch(keyvals.get("job_finished")),
        reading.status().name(),
        reading.reason(),
        kernel,
        keyvals,
        tests,
        capped(warnings));
  }

  private static ParsedTest withKeyvals(
      Path dir, StatusLogReading.Test test, List<String> warnings) {
    Map<String, String> attributes = Map.of();
    List<ParsedTest.Iteration> iterations = List.of();
    Path folder = test.subdir().isEmpty() ? null : dir.resolve(test.subdir()).normalize();
    if (folder != null && !folder.startsWith(dir.normalize())) {
      warnings.add("test " + test.name() + ": subdir " + test.subdir() + " leaves the folder");
    } else if (folder != null) {
      try {
        attributes = Keyvals.read(folder.resolve("keyval"));
        iterations = iterations(Keyvals.readBlocks(folder.resolve("results/keyval")), warnings);
      } catch (IOException e) {
        warnings.add("test " + test.name() + ": cannot read its keyvals: " + e);
      }
    }
    return new ParsedTest(
        test.subdir(),
        test.name(),
        test.status().name(),
        test.reason(),
        test.started(),
        test.finished(),
        test.kernel(),
        attributes,
        iterations);
  }

  /** The iterations of a test's {@code results/keyval} blocks, typed as Autotest types them. */
  static List<ParsedTest.Iteration> iterations(
      List<Map<String, String>> blocks, List<String> warnings) {
    List<ParsedTest.Iteration> iterations = new ArrayList<>();
    for (Map<String, String> block : blocks) {
      Map<String, String> attributes = new java.util.LinkedHashMap<>();
      Map<String, Double> perf = new java.util.LinkedHashMap<>();
      block.forEach(
          (key, value) -> {
            if (key.endsWith("{attr}")) {
              attributes.put(key.substring(0, key.length() - 6), value);
            } else if (key.endsWith("{perf}")) {
              Double number = number(value);
              if (number == null) {
                warnings.add("perf value " + key + "=" + value + " is not a number; skipped");
              } else {
                perf.put(key.substring(0, key.length() - 6), number);
              }
            } else if (number(value) != null) {
              perf.put(key, number(value));
            } else {
              attributes.put(key, value);
            }
          });
      iterations.add(new ParsedTest.Iteration(iterations.size() + 1, attributes, perf));
    }
    return iterations;
  }

  private static Double number(String value) {
    try {
      double number = Double.parseDouble(value.strip());
      return Double.isFinite(number) ? number : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The kernel release in {@code sysinfo/uname} ({@code uname -a}'s third word), or empty. */
  private static String unameKernel(Path dir) throws IOException {
    Path uname = dir.resolve("sysinfo/uname");
    if (!Files.isRegularFile(uname)) {
      return "";
    }
    String[] words = Files.readString(uname, StandardCharsets.UTF_8).strip().split("\\s+");
    return words.length >= 3 ? words[2] : "";
  }

  static Instant epoch(String seconds) {
    if (seconds == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(seconds.strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> capped(List<String> warnings) {
    if (warnings.size() <= MAX_WARNINGS) {
      return warnings;
    }
    List<String> kept = new ArrayList<>(warnings.subList(0, MAX_WARNINGS));
    kept.add("and " + (warnings.size() - MAX_WARNINGS) + " more");
    return kept;
  }

  /** The outcome word worse of two: GOOD, WARN, TEST_NA, FAIL, ERROR, ABORT in that order. */
  static StatusCode worse(StatusCode a, StatusCode b) {
    return b.ordinal() > a.ordinal() ? b : a;
  }
}

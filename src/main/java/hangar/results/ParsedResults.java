package hangar.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a results folder says once parsed: the session as a whole, from its {@code keyval} and the
 * outermost group of its {@code status.log}, and each test it ran.
 *
 * @param machine the hosts it ran on, comma-separated ({@code hostname} in the job's keyval file)
 * @param user who owned the job
 * @param label the job's name
 * @param queued when the job was queued, or null
 * @param started when the session started, or null
 * @param finished when the session ended, or null
 * @param status the session's outcome word (GOOD, WARN, TEST_NA, FAIL, ERROR or ABORT)
 * @param reason why, when it did not go well; may be empty
 * @param kernel the kernel the host ran at the end (the last reboot's), else the one {@code
 *     sysinfo/uname} saw at the start; may be empty
 * @param keyvals every value of the job's {@code keyval}
 * @param tests the tests, in the order they started
 * @param warnings lines the parser could not read, each with its line number
 */
public record ParsedResults(
    String machine,
    String user,
    String label,
    Instant queued,
    Instant started,
    Instant finished,
    String status,
    String reason,
    String kernel,
    Map<String, String> keyvals,
    List<ParsedTest> tests,
    List<String> warnings) {
  public ParsedResults {
    machine = machine == null ? "" : machine;
    user = user == null ? "" : user;
    label = label == null ? "" : label;
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    kernel = kernel == null ? "" : kernel;
    keyvals = keyvals == null ? Map.of() : Map.copyOf(keyvals);
    tests = tests == null ? List.of() : List.copyOf(tests);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}

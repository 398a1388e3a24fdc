package hangar.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One test of a parsed status log: a {@code START}/{@code END} group with an operation, or a lone
 * status line naming one.
 *
 * @param subdir the test's results subfolder, or empty
 * @param name the test's name (the status log's operation): {@code sleeptest}, {@code reboot}...
 * @param status the outcome word: GOOD, WARN, TEST_NA, FAIL, ERROR or ABORT
 * @param reason why it ended so: the END line's message, else that of its worst line; may be empty
 * @param started when its START line (or its lone line) was written
 * @param finished when its END line was written; the start for a lone line
 * @param kernel the kernel the host ran then (from the last reboot's {@code kernel=}), or empty
 * @param attributes the test's own {@code <subdir>/keyval}
 * @param iterations the blocks of {@code <subdir>/results/keyval}, numbered from 1
 */
public record ParsedTest(
    String subdir,
    String name,
    String status,
    String reason,
    Instant started,
    Instant finished,
    String kernel,
    Map<String, String> attributes,
    List<Iteration> iterations) {
  public ParsedTest {
    subdir = subdir == null ? "" : subdir;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    kernel = kernel == null ? "" : kernel;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    iterations = iterations == null ? List.of() : List.copyOf(iterations);
  }

  /**
   * One iteration's values: {@code key{attr}} lines (and untyped text) as attributes, {@code
   * key{perf}} lines (and untyped numbers) as measurements.
   *
   * @param index its number, from 1
   * @param attributes its text values
   * @param perf its measurements
   */
  public record Iteration(int index, Map<String, String> attributes, Map<String, Double> perf) {
    public Iteration {
      if (index < 1) {
        throw new IllegalArgumentException("iterations count from 1, was " + index);
      }
      attributes = Map.copyOf(attributes);
      perf = Map.copyOf(perf);
    }
  }
}

package hangar.autoserv;

import hangar.results.Keyvals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code job.record} and {@code job.write_perf_keyval}: what the control file writes itself. */
final class JobRecords {
  private final SessionState state;

  JobRecords(SessionState state) {
    this.state = state;
  }

  /**
   * {@code job.record}: one status line the control file writes itself, into {@code status}.
   *
   * @throws IllegalArgumentException for a word that is not a status code, or START
   */
  void record(StatusLog status, String word, String subdir, String operation, String reason) {
    state.checkNotAborted();
    StatusCode code;
    try {
      code = StatusCode.valueOf(String.valueOf(word).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "job.record status must be one of INFO, GOOD, WARN, TEST_NA, FAIL, ERROR, ABORT; was '"
              + word
              + "'",
          e);
    }
    if (code == StatusCode.START) {
      throw new IllegalArgumentException(
          "job.record cannot open a group with START; groups come from run_test and reboot");
    }
    status.record(code, nullToEmpty(subdir), nullToEmpty(operation), nullToEmpty(reason));
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** {@code job.write_perf_keyval}: measurements of the whole job, in the job's keyval. */
  void writePerfKeyval(Map<String, Object> values) {
    Map<String, String> typed = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          String name = String.valueOf(key);
          typed.put(name.endsWith("}") ? name : name + "{perf}", String.valueOf(value));
        });
    Path keyval = state.spec().resultsDir().resolve("keyval");
    try {
      Keyvals.append(keyval, typed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + keyval, e);
    }
  }
}

package hangar.autoserv;

import hangar.host.CommandResult;
import hangar.host.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a running {@link ClientTest} may use: its arguments, the host, and its folders {@code
 * <subdir>/debug} (output) and {@code <subdir>/results} (keyvals).
 */
final class TestContext {
  private final TestArguments arguments;
  private final TestHost host;
  private final Path testDir;
  private final DebugLog debugLog;
  private final Map<String, String> keyvals = new LinkedHashMap<>();

  TestContext(TestArguments arguments, TestHost host, Path testDir, DebugLog debugLog) {
    this.arguments = arguments;
    this.host = host;
    this.testDir = testDir;
    this.debugLog = debugLog;
  }

  TestArguments arguments() {
    return arguments;
  }

  /** The test's name with its tag, as in the status log. */
  String testName() {
    return testDir.getFileName().toString();
  }

  /** {@code <subdir>/debug}: the test's logs. */
  Path debugDir() {
    return testDir.resolve("debug");
  }

  /** {@code <subdir>/results}: the test's keyval. */
  Path resultsDir() {
    return testDir.resolve("results");
  }

  /**
   * Runs a shell command on the host with its output appended to {@code debug/stdout} and {@code
   * debug/stderr}.
   */
  CommandResult runOnHost(String command, Duration timeout) throws InterruptedException {
    debugLog.info(testName() + ": running on " + host.hostname() + ": " + command);
    CommandResult result =
        host.run(command, debugDir().resolve("stdout"), debugDir().resolve("stderr"), timeout);
    debugLog.info(
        testName()
            + (result.timedOut() ? ": command timed out" : ": command exited with status ")
            + (result.timedOut() ? "" : result.exitStatus())
            + String.format(Locale.ROOT, " after %.3fs", result.elapsed().toNanos() / 1e9));
    return result;
  }

  /**
   * Records a result value for {@code results/keyval}, Autotest style: {@code name{perf}} for a
   * measurement, {@code name{attr}} for an attribute.
   */
  void writeKeyval(String key, Object value) {
    Keyvals.checkKey(key);
    keyvals.put(key, String.valueOf(value));
  }

  /** Writes the values recorded with {@link #writeKeyval}, if any, as one iteration. */
  void flushKeyvals() {
    if (keyvals.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(resultsDir());
      Keyvals.appendIteration(resultsDir().resolve("keyval"), keyvals);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + resultsDir().resolve("keyval"), e);
    }
    keyvals.clear();
  }
}

package hangar.testlib;

import hangar.host.CommandResult;
import hangar.host.Shell;
import hangar.host.TestHost;
import hangar.results.Keyvals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a running {@link ClientTest} may use: its arguments, the host, a scratch folder on the host,
 * and its folders on this machine: {@code <subdir>/debug} (output) and {@code <subdir>/results}
 * (keyvals). One context serves one run of one test; {@link #close} removes the scratch folder.
 */
public final class TestContext implements AutoCloseable {
  private static final Duration QUICK = Duration.ofMinutes(2);

  private final TestArguments arguments;
  private final TestHost host;
  private final Path testDir;
  private final Consumer<String> log;
  private final boolean installMissing;
  private final Map<String, String> keyvals = new LinkedHashMap<>();
  private String scratch;

  /**
   * A context for one test run.
   *
   * @param arguments what the control file passed
   * @param host where the test runs
   * @param testDir the test's results folder, {@code <results>/<subdir>}
   * @param log the session's debug log
   * @param installMissing true when the control file asked ({@code install: true}) to install a
   *     missing tool with the host's package manager instead of reporting TEST_NA
   */
  public TestContext(
      TestArguments arguments,
      TestHost host,
      Path testDir,
      Consumer<String> log,
      boolean installMissing) {
    this.arguments = Objects.requireNonNull(arguments, "arguments");
    this.host = Objects.requireNonNull(host, "host");
    this.testDir = Objects.requireNonNull(testDir, "testDir");
    this.log = Objects.requireNonNull(log, "log");
    this.installMissing = installMissing;
  }

  public TestArguments arguments() {
    return arguments;
  }

  /** The host's name, for messages. */
  public String hostname() {
    return host.hostname();
  }

  /** The test's name with its tag, as in the status log. */
  public String testName() {
    return testDir.getFileName().toString();
  }

  /** {@code <subdir>/debug}: the test's logs. */
  public Path debugDir() {
    return testDir.resolve("debug");
  }

  /** {@code <subdir>/results}: the test's keyval. */
  public Path resultsDir() {
    return testDir.resolve("results");
  }

  /** Writes a line to the session's debug log, prefixed with the test's name. */
  public void log(String message) {
    log.accept(testName() + ": " + message);
  }

  /**
   * Runs a shell command on the host with its output appended to {@code debug/stdout} and {@code
   * debug/stderr}.
   */
  public CommandResult runOnHost(String command, Duration timeout) throws InterruptedException {
    return runLogged(command, debugDir().resolve("stdout"), timeout);
  }

  /**
   * Runs a shell command on the host with its standard output written to {@code debug/<output>}
   * (and standard error appended to {@code debug/stderr}), and returns that output for parsing.
   *
   * @param command a shell command line; quote arguments with {@link Shell#quote}
   * @param output the file name under {@code debug/}, for example {@code dbench.out}
   * @param timeout how long it may run before it is killed with everything it started
   */
  public ToolOutput runCapturing(String command, String output, Duration timeout)
      throws InterruptedException {
    Path file = debugDir().resolve(output);
    CommandResult result = runLogged(command, file, timeout);
    try {
      String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      return new ToolOutput(result, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Runs a tool like {@link #runCapturing} and insists it ended well: a timeout is an ERROR and a
   * non-zero exit status a FAIL, each naming the file that holds the tool's output.
   *
   * @param tool the tool's name for messages, for example {@code dbench}
   */
  public ToolOutput runTool(String tool, String command, String output, Duration timeout)
      throws InterruptedException {
    ToolOutput ran = runCapturing(command, output, timeout);
    String see =
        "; see " + testName() + "/debug/" + output + " and " + testName() + "/debug/stderr";
    if (ran.result().timedOut()) {
      throw new TestErrorException(
          tool + " timed out after " + timeout.toSeconds() + " s and was killed" + see);
    }
    if (ran.result().exitStatus() != 0) {
      throw new TestFailException(tool + " exited with status " + ran.result().exitStatus() + see);
    }
    return ran;
  }

  private CommandResult runLogged(String command, Path stdout, Duration timeout)
      throws InterruptedException {
    log("running on " + host.hostname() + ": " + command);
    CommandResult result = host.run(command, stdout, debugDir().resolve("stderr"), timeout);
    log(
        (result.timedOut()
                ? "command timed out"
                : "command exited with status " + result.exitStatus())
            + String.format(Locale.ROOT, " after %.3fs", result.elapsed().toNanos() / 1e9));
    return result;
  }

  /**
   * Makes sure {@code command} is on the host's {@code PATH}. When it is not, installs {@code
   * packageName} with the host's package manager if the control file asked for it, else ends the
   * test as TEST_NA saying what is missing.
   *
   * @throws TestNotApplicableException when the tool is missing and may not be installed
   * @throws TestErrorException when installing it failed
   */
  public void requireCommand(String command, String packageName) throws InterruptedException {
    if (hasCommand(command)) {
      return;
    }
    if (!installMissing) {
      throw new TestNotApplicableException(
          command
              + " is not installed on "
              + host.hostname()
              + "; install package "
              + packageName
              + " there, or run the test with install: true");
    }
    log(command + " is missing; installing package " + packageName);
    CommandResult installed =
        runOnHost(Packages.installCommand(packageName), Duration.ofMinutes(20));
    if (!installed.isSuccess() || !hasCommand(command)) {
      throw new TestErrorException(
          "cannot install package "
              + packageName
              + " on "
              + host.hostname()
              + (installed.timedOut()
                  ? ": the package manager timed out"
                  : ": the package manager exited with status " + installed.exitStatus())
              + "; see "
              + testName()
              + "/debug/stderr");
    }
  }

  private boolean hasCommand(String command) throws InterruptedException {
    return runOnHost("command -v " + Shell.quote(command), QUICK).isSuccess();
  }

  /**
   * A scratch folder on the host for this test, made on first use under the host's {@code $TMPDIR}
   * (or {@code /tmp}) and removed when the test ends.
   */
  public String scratchDir() throws InterruptedException {
    if (scratch == null) {
      ToolOutput made =
          runCapturing("mktemp -d \"${TMPDIR:-/tmp}/hangar-test.XXXXXX\"", "scratch-dir", QUICK);
      String path = made.stdout().strip();
      if (!made.result().isSuccess() || !path.startsWith("/")) {
        throw new TestErrorException(
            "cannot make a scratch folder on "
                + host.hostname()
                + " (mktemp exited with status "
                + made.result().exitStatus()
                + "); check that its temp folder is writable");
      }
      scratch = path;
    }
    return scratch;
  }

  /** The host's number of online CPUs, at least 1. */
  public int cpuCount() throws InterruptedException {
    ToolOutput cpus =
        runCapturing("getconf _NPROCESSORS_ONLN 2>/dev/null || nproc", "cpu-count", QUICK);
    try {
      return Math.max(1, Integer.parseInt(cpus.stdout().strip()));
    } catch (NumberFormatException e) {
      throw new TestErrorException(
          "cannot count the CPUs of " + host.hostname() + ": got '" + cpus.stdout().strip() + "'",
          e);
    }
  }

  /** Sends a file or folder from this machine to the host. */
  public void send(Path local, String remote) {
    host.send(local, remote);
  }

  /** Fetches a file or folder from the host to this machine. */
  public void fetch(String remote, Path local) {
    host.fetch(remote, local);
  }

  /**
   * Records a result value for {@code results/keyval}, Autotest style: {@code name{perf}} for a
   * measurement, {@code name{attr}} for an attribute.
   */
  public void writeKeyval(String key, Object value) {
    Keyvals.checkKey(key);
    keyvals.put(key, String.valueOf(value));
  }

  /** Records several values at once; see {@link #writeKeyval}. */
  public void writeKeyvals(Map<String, ?> values) {
    values.forEach(this::writeKeyval);
  }

  /** The values recorded since the last {@link #flushKeyvals}, in order. */
  public Map<String, String> pendingKeyvals() {
    return Map.copyOf(keyvals);
  }

  /** Writes the values recorded with {@link #writeKeyval}, if any, as one iteration. */
  public void flushKeyvals() {
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

  /** Removes the scratch folder from the host, if one was made. */
  @Override
  public void close() {
    if (scratch == null) {
      return;
    }
    String dir = scratch;
    scratch = null;
    try {
      CommandResult removed = runOnHost("rm -rf " + Shell.quote(dir), QUICK);
      if (!removed.isSuccess()) {
        log("could not remove scratch folder " + dir + " (status " + removed.exitStatus() + ")");
      }
    } catch (InterruptedException e) {
      log("scratch folder " + dir + " left behind: interrupted while removing it");
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A finished command and its standard output.
   *
   * @param result how it ended
   * @param stdout everything it wrote to standard output
   */
  public record ToolOutput(CommandResult result, String stdout) {
    public ToolOutput {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(stdout, "stdout");
    }

    /** The output's lines, for parsers. */
    public List<String> lines() {
      return stdout.lines().toList();
    }
  }
}

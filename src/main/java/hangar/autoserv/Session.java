package hangar.autoserv;

import hangar.host.HostCommandException;
import hangar.host.TestHost;
import hangar.testlib.ClientTest;
import hangar.testlib.TestArguments;
import hangar.testlib.TestContext;
import hangar.testlib.TestErrorException;
import hangar.testlib.TestFailException;
import hangar.testlib.TestLibrary;
import hangar.testlib.TestNotApplicableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One autoserv session in progress: runs the control file against the host and writes every test
 * into the status log and its own subfolder. Not thread-safe; it lives on the session's thread.
 */
final class Session {
  static final String ABORT_REASON = "session aborted";
  private static final String GOOD_MESSAGE = "completed successfully";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final SessionSpec spec;
  private final TestHost host;
  private final StatusLog status;
  private final DebugLog debug;
  private final TestLibrary library;
  private final Set<String> usedSubdirs = new HashSet<>();
  private boolean aborted;

  Session(SessionSpec spec, TestHost host, StatusLog status, DebugLog debug, TestLibrary library) {
    this.spec = spec;
    this.host = host;
    this.status = status;
    this.debug = debug;
    this.library = library;
  }

  /** Runs the control file inside the job's group and closes it with the worst outcome. */
  SessionOutcome run() {
    status.start("", "", "");
    try {
      ControlFile control = ControlFile.compile(spec.controlFile(), new ClientJob(this));
      debug.info("control file compiled; running it against " + host.hostname());
      control.run();
    } catch (ControlFileException e) {
      debug.info(e.getMessage(), e);
      status.record(StatusCode.ERROR, "", "", e.getMessage());
    } catch (SessionAbortedException e) {
      aborted = true;
    }
    if (aborted || Thread.interrupted()) {
      aborted = true;
      debug.info("session aborted");
      status.record(StatusCode.ABORT, "", "", ABORT_REASON);
    }
    Verdict verdict = status.worst();
    String reason = status.worstReason();
    status.endAll(StatusCode.of(verdict), reason);
    if (aborted) {
      // Tell the caller its interrupt was seen; the session swallowed it on the way out.
      Thread.currentThread().interrupt();
    }
    debug.info("session ended: " + verdict + " " + reason);
    return new SessionOutcome(verdict, reason);
  }

  /** A name for the job in messages. */
  String jobLabel() {
    return spec.jobId() + "-" + spec.owner() + " (" + spec.jobName() + ")";
  }

  /** {@code job.run_test}: runs one test as a group; returns whether it passed. */
  boolean runTest(String name, Map<String, Object> named, List<Object> positional) {
    if (aborted || Thread.interrupted()) {
      aborted = true;
      throw new SessionAbortedException(ABORT_REASON + "; no more tests run");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      String shown = String.valueOf(name).replaceAll("\\p{Cntrl}", "?");
      status.record(
          StatusCode.ERROR,
          "",
          "",
          "invalid test name '" + shown + "': use letters, digits, '_', '.' and '-'");
      return false;
    }
    Map<String, Object> arguments = new HashMap<>(named);
    Object tag = arguments.remove("tag");
    Object install = arguments.remove("install");
    String subdir = tag == null ? name : name + "." + tag;
    if (tag != null && !NAME.matcher(tag.toString()).matches()) {
      subdir = name;
      return runGroup(
          subdir,
          () -> {
            throw new TestErrorException(
                "invalid tag '" + tag + "': use letters, digits, '_', '.' and '-'");
          });
    }
    if (install != null && !(install instanceof Boolean)) {
      return runGroup(
          subdir,
          () -> {
            throw new TestErrorException("install must be true or false, was " + install);
          });
    }
    TestArguments args = new TestArguments(name, arguments, positional);
    String testSubdir = subdir;
    boolean installMissing = Boolean.TRUE.equals(install);
    return runGroup(subdir, () -> runPhases(testSubdir, args, installMissing));
  }

  private boolean runGroup(String subdir, TestBody body) {
    status.start(subdir, subdir, "");
    debug.info(subdir + ": started");
    StatusCode outcome;
    String message;
    try {
      body.run();
      outcome = StatusCode.GOOD;
      message = GOOD_MESSAGE;
    } catch (TestFailException e) {
      outcome = StatusCode.FAIL;
      message = e.getMessage();
    } catch (TestNotApplicableException e) {
      outcome = StatusCode.TEST_NA;
      message = e.getMessage();
    } catch (TestErrorException | HostCommandException e) {
      outcome = StatusCode.ERROR;
      message = e.getMessage();
    } catch (InterruptedException | SessionAbortedException e) {
      aborted = true;
      status.record(StatusCode.ABORT, subdir, subdir, ABORT_REASON);
      status.end(StatusCode.ABORT, ABORT_REASON);
      debug.info(subdir + ": aborted");
      throw new SessionAbortedException(ABORT_REASON + " while " + subdir + " ran");
    } catch (RuntimeException e) {
      // A bug in a test or a full disk: the test errs, the session goes on.
      debug.error(subdir + ": unexpected error", e);
      outcome = StatusCode.ERROR;
      message = "unexpected error: " + e;
    }
    status.record(outcome, subdir, subdir, message);
    status.end(outcome, outcome == StatusCode.GOOD ? "" : message);
    debug.info(subdir + ": " + outcome + " " + message);
    return outcome == StatusCode.GOOD;
  }

  private void runPhases(String subdir, TestArguments args, boolean installMissing)
      throws InterruptedException {
    if (!usedSubdirs.add(subdir)) {
      throw new TestErrorException(
          "subdir '"
              + subdir
              + "' already used in this job; give the second run a tag: job.run_test('"
              + args.test()
              + "', tag: '2', ...)");
    }
    ClientTest test =
        library
            .create(args)
            .orElseThrow(
                () ->
                    new TestErrorException(
                        "unknown test '" + args.test() + "'; known tests: " + library.names()));
    Path testDir = spec.resultsDir().resolve(subdir);
    try {
      Files.createDirectories(testDir.resolve("debug"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + testDir.resolve("debug"), e);
    }
    try (TestContext context = new TestContext(args, host, testDir, debug::info, installMissing)) {
      try {
        test.setup(context);
        test.run(context);
        test.postprocess(context);
      } finally {
        // Values a failing test measured are worth keeping too.
        context.flushKeyvals();
      }
    }
  }

  /** The body of a test group. */
  @FunctionalInterface
  private interface TestBody {
    void run() throws InterruptedException;
  }
}

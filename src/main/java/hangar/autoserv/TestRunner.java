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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** {@code job.run_test}: checks the call, then runs the test's phases as one status group. */
final class TestRunner {
  private static final String GOOD_MESSAGE = "completed successfully";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final int MAX_ITERATIONS = 10_000;

  private final SessionState state;
  private final TestLibrary library;

  /** The results subfolders tests of this session (and its branches) have used. */
  private final Set<String> usedSubdirs = ConcurrentHashMap.newKeySet();

  TestRunner(SessionState state, TestLibrary library) {
    this.state = state;
    this.library = library;
  }

  /**
   * Runs one test as a group in {@code status}, on {@code host} unless the call names one.
   *
   * @param host the branch's default host; null in a server-side session outside parallel_simple
   * @return whether it passed
   */
  boolean runTest(
      TestHost host,
      StatusLog status,
      String name,
      Map<String, Object> named,
      List<Object> positional) {
    state.checkNotAborted();
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
    TestHost target = host;
    String prefix = "";
    if (state.isServerSide()) {
      Object given = arguments.remove("host");
      List<String> machines = state.spec().hosts();
      if (given instanceof ServerHost machine) {
        target = machine.host();
      } else if (given != null) {
        throw new IllegalArgumentException(
            "job.run_test host must be a host from hosts.create(name), was " + given);
      } else if (target == null && machines.size() == 1) {
        target = state.createHost(machines.get(0)).host();
      } else if (target == null) {
        throw new IllegalArgumentException(
            "job.run_test('"
                + name
                + "') needs host: h (h = hosts.create(name)), or to run inside parallel_simple;"
                + " this job has machines "
                + machines);
      }
      prefix = state.hosts().dirName(target) + "/";
    }
    Object tag = arguments.remove("tag");
    Object install = arguments.remove("install");
    Object iterations = arguments.remove("iterations");
    String subdir = prefix + (tag == null ? name : name + "." + tag);
    String problem = null;
    if (tag != null && !NAME.matcher(tag.toString()).matches()) {
      subdir = prefix + name;
      problem = "invalid tag '" + tag + "': use letters, digits, '_', '.' and '-'";
    } else if (install != null && !(install instanceof Boolean)) {
      problem = "install must be true or false, was " + install;
    } else if (iterations != null
        && !(iterations instanceof Integer count && count >= 1 && count <= MAX_ITERATIONS)) {
      problem =
          "iterations must be a whole number from 1 to " + MAX_ITERATIONS + ", was " + iterations;
    }
    if (problem != null) {
      String reason = problem;
      return runGroup(
          status,
          subdir,
          () -> {
            throw new TestErrorException(reason);
          });
    }
    TestArguments args = new TestArguments(name, arguments, positional);
    String testSubdir = subdir;
    boolean installMissing = Boolean.TRUE.equals(install);
    int count = iterations == null ? 1 : (Integer) iterations;
    TestHost on = target;
    return runGroup(status, subdir, () -> runPhases(on, testSubdir, args, installMissing, count));
  }

  private boolean runGroup(StatusLog status, String subdir, TestBody body) {
    DebugLog debug = state.debug();
    String operation = subdir.substring(subdir.indexOf('/') + 1);
    status.start(subdir, operation, "");
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
    } catch (HostCommandException e) {
      // The host broke off (a dropped connection, a failed copy): the scheduler verifies it next.
      state.markHostFailed();
      outcome = StatusCode.ERROR;
      message = e.getMessage();
    } catch (TestErrorException e) {
      outcome = StatusCode.ERROR;
      message = e.getMessage();
    } catch (InterruptedException | SessionAbortedException e) {
      state.markAborted();
      status.record(StatusCode.ABORT, subdir, operation, Session.ABORT_REASON);
      status.end(StatusCode.ABORT, Session.ABORT_REASON);
      debug.info(subdir + ": aborted");
      throw new SessionAbortedException(Session.ABORT_REASON + " while " + subdir + " ran");
    } catch (RuntimeException e) {
      // A bug in a test or a full disk: the test errs, the session goes on.
      debug.error(subdir + ": unexpected error", e);
      outcome = StatusCode.ERROR;
      message = "unexpected error: " + e;
    }
    status.record(outcome, subdir, operation, message);
    status.end(outcome, outcome == StatusCode.GOOD ? "" : message);
    debug.info(subdir + ": " + outcome + " " + message);
    return outcome == StatusCode.GOOD;
  }

  private void runPhases(
      TestHost host, String subdir, TestArguments args, boolean installMissing, int iterations)
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
    Path testDir = state.spec().resultsDir().resolve(subdir);
    try {
      Files.createDirectories(testDir.resolve("debug"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + testDir.resolve("debug"), e);
    }
    Sysinfo sysinfo = state.sysinfo();
    DebugLog debug = state.debug();
    int dmesgBefore = sysinfo.dmesgLines(host, testDir.resolve("debug"));
    boolean interrupted = false;
    try (TestContext context = new TestContext(args, host, testDir, debug::info, installMissing)) {
      try {
        test.setup(context);
        for (int iteration = 1; iteration <= iterations; iteration++) {
          if (iterations > 1) {
            debug.info(subdir + ": iteration " + iteration + " of " + iterations);
          }
          try {
            test.run(context);
            test.postprocess(context);
          } finally {
            // One keyval block per iteration; values a failing test measured are kept too.
            context.flushKeyvals();
          }
        }
      } catch (InterruptedException e) {
        interrupted = true;
        throw e;
      } finally {
        // An aborted test leaves its host alone: it may be what hangs.
        if (!interrupted && !state.isAborted()) {
          sysinfo.gatherAfterTest(host, testDir, dmesgBefore);
        }
      }
    }
  }

  /** The body of a test group. */
  @FunctionalInterface
  private interface TestBody {
    void run() throws InterruptedException;
  }
}

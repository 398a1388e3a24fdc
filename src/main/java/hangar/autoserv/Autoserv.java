package hangar.autoserv;

import hangar.host.ConsoleCapture;
import hangar.host.HostAddress;
import hangar.host.HostCommandException;
import hangar.host.LocalHost;
import hangar.host.Machines;
import hangar.host.SshHost;
import hangar.host.SshSettings;
import hangar.host.TestHost;
import hangar.lab.ControlType;
import hangar.results.Keyvals;
import hangar.testlib.TestLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one control file against its host and writes the results folder:
 *
 * <pre>
 * control               the control file as given
 * status.log            Autotest's status log, written and flushed line by line
 * keyval                job keyvals: job_queued, job_started, job_finished, user, hostname...
 * debug/autoserv.DEBUG  what autoserv did, timestamped
 * &lt;subdir&gt;/debug/stdout, stderr   each test's output, streamed while it runs
 * &lt;subdir&gt;/results/keyval     values the test produced
 * </pre>
 *
 * <p>One instance serves any number of sessions, each on its caller's thread (a virtual thread is
 * fine). Only client control files against {@code localhost} run for now.
 */
public final class Autoserv {
  private static final Logger LOG = LoggerFactory.getLogger(Autoserv.class);

  /**
   * Where sessions on this machine keep temporary files; verify checks it is writable and cleanup
   * empties it.
   */
  public static final Path TEMP_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "hangar-autoserv");

  private final Clock clock;
  private final StatusListener listener;
  private final SshSettings ssh;
  private final Session.Tools tools;

  private Autoserv(
      Clock clock,
      StatusListener listener,
      SshSettings ssh,
      TestLibrary library,
      Interpreter interpreter) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.tools =
        new Session.Tools(
            Objects.requireNonNull(interpreter, "interpreter"),
            Objects.requireNonNull(library, "library"));
  }

  /**
   * Creates an autoserv that stamps status lines with the given clock.
   *
   * @param clock the time of status lines, keyvals and debug lines; {@code localtime=} fields use
   *     its zone
   * @return the autoserv
   */
  public static Autoserv create(Clock clock) {
    return create(clock, StatusListener.NONE, defaultSsh(), TestLibrary.builtIn());
  }

  /**
   * Creates an autoserv that also tells {@code listener} every status line as it is written.
   *
   * @param clock the time of status lines, keyvals and debug lines
   * @param listener hears each status line after it is on disk
   * @return the autoserv
   */
  public static Autoserv create(Clock clock, StatusListener listener) {
    return create(clock, listener, defaultSsh(), TestLibrary.builtIn());
  }

  /**
   * Creates an autoserv that reaches hosts other than {@code localhost} over SSH with these
   * settings (keys, known hosts).
   */
  public static Autoserv create(Clock clock, StatusListener listener, SshSettings ssh) {
    return create(clock, listener, ssh, TestLibrary.builtIn());
  }

  /**
   * Creates an autoserv that reaches hosts with these SSH settings and runs tests from this library
   * (the built-in tests and the users' own from the tests path).
   */
  public static Autoserv create(
      Clock clock, StatusListener listener, SshSettings ssh, TestLibrary library) {
    return create(
        clock, listener, ssh, library, Interpreter.shared(InterpreterSettings.defaults()));
  }

  /**
   * Creates an autoserv whose control files run in {@code interpreter} (a drone's, with the
   * settings of its {@code [AUTOSERV]}).
   */
  public static Autoserv create(
      Clock clock,
      StatusListener listener,
      SshSettings ssh,
      TestLibrary library,
      Interpreter interpreter) {
    return new Autoserv(clock, listener, ssh, library, interpreter);
  }

  /** What OpenSSH would use for this process's user. */
  private static SshSettings defaultSsh() {
    return SshSettings.openSshDefaults(Path.of(System.getProperty("user.home", "/root")));
  }

  /**
   * Runs the session to its end. Test failures and control-file errors are outcomes, not
   * exceptions. An interrupt of the calling thread aborts the session: the commands it started are
   * killed with everything they started, ABORT lines are written, the verdict is {@link
   * Verdict#ABORT} and the thread's interrupt flag is set again on return.
   *
   * @param spec the session
   * @return the worst outcome of the session and its reason; {@link Verdict#ERROR} when the results
   *     folder cannot be written
   */
  public SessionOutcome run(SessionSpec spec) {
    Path dir = spec.resultsDir();
    Instant started = clock.instant();
    try {
      // The job's folders are private (0700) whatever the drone's umask: results are the owner's.
      hangar.PrivateFiles.createDirectories(dir.resolve("debug"));
      if (!spec.kind().isSpecialTask()) {
        Files.writeString(dir.resolve("control"), spec.controlFile(), StandardCharsets.UTF_8);
      }
      Keyvals.append(dir.resolve("keyval"), startKeyvals(spec, started));
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      LOG.error(
          "session={} job={} cannot write results folder {}",
          spec.sessionId(),
          spec.jobId(),
          dir,
          e);
      return new SessionOutcome(Verdict.ERROR, "cannot write results folder " + dir + ": " + e);
    }
    LOG.info("session={} job={} started in {}", spec.sessionId(), spec.jobId(), dir);
    int[] failedTests = new int[1];
    SessionOutcome outcome = runLogged(spec, failedTests);
    writeExecuteFile(dir, outcome, failedTests[0]);
    try {
      Keyvals.append(
          dir.resolve("keyval"),
          Map.of("job_finished", Long.toString(clock.instant().getEpochSecond())));
    } catch (IOException e) {
      LOG.error("session={} job={} cannot finish keyval", spec.sessionId(), spec.jobId(), e);
    }
    LOG.info(
        "session={} job={} ended {} {}",
        spec.sessionId(),
        spec.jobId(),
        outcome.verdict(),
        outcome.reason());
    return outcome;
  }

  /**
   * Writes {@code .autoserv_execute} as Autotest's autoserv leaves it, so that Autotest's own
   * results parser takes the folder for a finished job: the process id, the exit status as a wait
   * status (0 passed, 256 failed, 9 killed for an abort), and the number of failed tests.
   */
  private static void writeExecuteFile(Path dir, SessionOutcome outcome, int failedTests) {
    int waitStatus =
        switch (outcome.verdict()) {
          case GOOD, WARN -> 0;
          case FAIL, ERROR -> 1 << 8;
          case ABORT -> 9;
        };
    try {
      Files.writeString(
          dir.resolve(".autoserv_execute"),
          ProcessHandle.current().pid() + "\n" + waitStatus + "\n" + failedTests + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.error("cannot write {}", dir.resolve(".autoserv_execute"), e);
    }
  }

  private SessionOutcome runLogged(SessionSpec spec, int[] failedTests) {
    Path dir = spec.resultsDir();
    try (StatusLog status = StatusLog.open(dir.resolve("status.log"), clock, listener);
        DebugLog debug =
            DebugLog.open(
                dir.resolve("debug").resolve("autoserv.DEBUG"), clock, spec.sessionId())) {
      try {
        debug.info(
            "session "
                + spec.sessionId()
                + ": job "
                + spec.jobId()
                + ", "
                + (spec.kind().isSpecialTask()
                    ? spec.kind().tag()
                    : spec.controlType().displayName() + " control file")
                + ", hosts "
                + spec.hosts()
                + ", results "
                + dir);
        Optional<String> refusal = refusal(spec);
        if (refusal.isPresent()) {
          status.start("", "", "");
          status.record(StatusCode.ERROR, "", "", refusal.get());
          status.end(StatusCode.ERROR, refusal.get());
          debug.info("refused: " + refusal.get());
          return new SessionOutcome(Verdict.ERROR, refusal.get());
        }
        if (spec.kind() == SessionKind.REPAIR) {
          // The power reset runs on this drone first: the host may be down, which is why it is
          // repaired.
          try (TestHost drone = LocalHost.create(clock)) {
            return HostTask.repair(
                    spec, () -> open(spec.hosts().get(0)), drone, status, debug, TEMP_DIR)
                .run();
          }
        }
        if (!spec.kind().isSpecialTask()) {
          List<ConsoleCapture> consoles = startConsoles(spec, debug);
          try {
            return runJob(spec, status, debug);
          } finally {
            consoles.forEach(ConsoleCapture::close);
          }
        }
        Optional<TestHost> opened = openFirst(spec, status, debug);
        if (opened.isEmpty()) {
          return new SessionOutcome(Verdict.ERROR, status.worstReason(), true);
        }
        try (TestHost host = opened.get()) {
          return new HostTask(spec, host, status, debug, TEMP_DIR).run();
        }
      } finally {
        failedTests[0] = status.failedTests();
      }
    } catch (IOException | RuntimeException e) {
      // The session's boundary: whatever broke, the caller gets an outcome, not an exception.
      LOG.error("session={} job={} failed", spec.sessionId(), spec.jobId(), e);
      return new SessionOutcome(Verdict.ERROR, "autoserv failed: " + e);
    }
  }

  /** A job's session: a server-side one over its machines, or a client one on its host. */
  private SessionOutcome runJob(SessionSpec spec, StatusLog status, DebugLog debug) {
    if (spec.controlType() == ControlType.SERVER) {
      try (ServerHosts hosts =
          new ServerHosts(spec.hosts(), this::open, spec.resultsDir().resolve("debug"))) {
        return new Session(spec, hosts, status, debug, tools).run();
      }
    }
    Optional<TestHost> opened = openFirst(spec, status, debug);
    if (opened.isEmpty()) {
      return new SessionOutcome(Verdict.ERROR, status.worstReason(), true);
    }
    try (TestHost host = opened.get()) {
      return new Session(spec, host, status, debug, tools).run();
    }
  }

  /**
   * Opens the session's (first) host; one that cannot be reached is an ERROR in the status log, and
   * empty.
   */
  private Optional<TestHost> openFirst(SessionSpec spec, StatusLog status, DebugLog debug) {
    try {
      return Optional.of(open(spec.hosts().get(0)));
    } catch (SshHost.HostConnectException | IllegalArgumentException e) {
      status.start("", "", "");
      status.record(StatusCode.ERROR, "", "", e.getMessage());
      status.end(StatusCode.ERROR, e.getMessage());
      debug.info("cannot reach the host: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Starts the console command of each host that has one, into {@code console.log} of the session
   * (of {@code <host>/} in a server-side one). A console that cannot start is logged and the
   * session goes on without it.
   */
  private static List<ConsoleCapture> startConsoles(SessionSpec spec, DebugLog debug) {
    List<ConsoleCapture> started = new ArrayList<>();
    spec.consoles()
        .forEach(
            (machine, command) -> {
              Path file =
                  spec.controlType() == ControlType.SERVER
                      ? spec.resultsDir()
                          .resolve(ServerHosts.dirNameOf(machine))
                          .resolve("console.log")
                      : spec.resultsDir().resolve("console.log");
              try {
                started.add(ConsoleCapture.start(machine, command, file));
                debug.info("console of " + machine + " kept in " + file + ": " + command);
              } catch (HostCommandException e) {
                debug.info("console of " + machine + " not kept: " + e.getMessage());
              }
            });
    return started;
  }

  private static Optional<String> refusal(SessionSpec spec) {
    if (spec.controlType() == ControlType.SERVER && !spec.kind().isSpecialTask()) {
      return spec.hosts().isEmpty()
          ? Optional.of("a server-side session needs at least one machine")
          : Optional.empty();
    }
    if (spec.hosts().size() != 1) {
      return Optional.of(
          "a client session runs on exactly one host, got "
              + spec.hosts().size()
              + ": "
              + spec.hosts()
              + "; run it as a server-side control file to drive several");
    }
    return Optional.empty();
  }

  /**
   * The session's host: {@code localhost} without SSH, anything else ({@code [user@]host[:port]})
   * over SSH as this process's user unless the address names another.
   */
  private TestHost open(String host) {
    if (LocalHost.HOSTNAME.equals(host)) {
      return LocalHost.create(clock);
    }
    HostAddress address = HostAddress.parse(host, System.getProperty("user.name", "root"));
    return SshHost.connect(address.host(), address.user(), address.port(), ssh, clock);
  }

  private static Map<String, String> startKeyvals(SessionSpec spec, Instant started) {
    Map<String, String> values = new LinkedHashMap<>();
    String seconds = Long.toString(started.getEpochSecond());
    // The spec carries no queue time; a standalone run is queued the moment it starts.
    values.put("job_queued", seconds);
    values.put("job_started", seconds);
    values.put("user", spec.owner());
    values.put("label", spec.jobName());
    values.put("hostname", String.join(",", spec.hosts()));
    values.put("drone", Machines.hostname()); // the machine autoserv runs on
    values.put("session", spec.sessionId());
    if (spec.kind().isSpecialTask()) {
      values.put("task", spec.kind().tag());
    }
    return values;
  }
}

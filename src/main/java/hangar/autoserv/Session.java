package hangar.autoserv;

import hangar.autoserv.interpreter.Frame;
import hangar.host.TestHost;
import hangar.testlib.TestLibrary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One autoserv session, or one parallel branch of it: runs the control file and gives the verdict.
 *
 * <p>The control file runs in the drone's {@link Interpreter}, a process of its own; its calls come
 * back through {@link ScriptCalls} to the session (or branch) that made them. The main session
 * lives on the session's thread; each branch of a {@code job.parallel} is a sibling session on its
 * own virtual thread with its own status log. The calls go on to the class that does each: {@link
 * TestRunner}, {@link JobRecords}, {@link Reboots}, {@link Branches} and {@link Barriers}, which
 * the branches share through {@link Parts}.
 */
final class Session {
  static final String ABORT_REASON = "session aborted";

  private final SessionState state;
  private final Parts parts;

  /** The host tests run on by default; null in a server-side session outside parallel_simple. */
  private final TestHost host;

  private final StatusLog status;

  /** A client-side session: the control file drives {@code host}. */
  Session(SessionSpec spec, TestHost host, StatusLog status, DebugLog debug, Tools tools) {
    this(new SessionState(spec, debug, new Sysinfo(debug), null), tools, host, status);
  }

  /** A server-side session: the control file drives the job's machines through {@code hosts}. */
  Session(SessionSpec spec, ServerHosts hosts, StatusLog status, DebugLog debug, Tools tools) {
    this(new SessionState(spec, debug, new Sysinfo(debug), hosts), tools, null, status);
    hosts.attach(this);
  }

  private Session(SessionState state, Tools tools, TestHost host, StatusLog status) {
    this(state, Parts.of(state, tools), host, status);
  }

  private Session(SessionState state, Parts parts, TestHost host, StatusLog status) {
    this.state = state;
    this.parts = parts;
    this.host = host;
    this.status = status;
  }

  /** A branch of this session that runs on {@code on} and writes into {@code log}. */
  Session branch(TestHost on, StatusLog log) {
    return new Session(state, parts, on, log);
  }

  /** The host tests run on by default; null in a server-side session outside parallel_simple. */
  TestHost host() {
    return host;
  }

  /** The status log this session (or branch) writes. */
  StatusLog status() {
    return status;
  }

  /** Runs the control file inside the job's group and closes it with the worst outcome. */
  SessionOutcome run() {
    SessionSpec spec = state.spec();
    DebugLog debug = state.debug();
    Sysinfo sysinfo = state.sysinfo();
    status.start("", "", "");
    try {
      if (state.isServerSide()) {
        debug.info("server-side control file; machines " + spec.hosts());
      } else {
        sysinfo.gatherBoot(host, spec.resultsDir().resolve("sysinfo"), state.debugDir());
        debug.info("running the control file against " + host.hostname());
      }
      Frame.Ending ending =
          parts
              .interpreter()
              .run(
                  spec.sessionId(),
                  state.isServerSide(),
                  spec.controlFile(),
                  spec.hosts(),
                  new ScriptCalls(this, state));
      switch (ending.outcome()) {
        case ENDED -> debug.info("the control file ended");
        case ABORTED -> state.markAborted();
        case FAILED -> {
          debug.info(Interpreter.describe(ending));
          if (ending.hostFailed()) {
            state.markHostFailed();
          }
          status.record(StatusCode.ERROR, "", "", ending.message());
        }
      }
    } catch (SessionAbortedException | InterruptedException e) {
      state.markAborted();
    }
    if (state.abortedOrInterrupted()) {
      debug.info("session aborted");
      status.record(StatusCode.ABORT, "", "", ABORT_REASON);
    } else {
      try {
        if (state.isServerSide()) {
          for (ServerHost opened : state.hosts().opened()) {
            sysinfo.gatherBoot(
                opened.host(),
                state.hostDir(opened.host()).resolve("sysinfo/end"),
                state.debugDir());
          }
        } else {
          sysinfo.gatherBoot(host, spec.resultsDir().resolve("sysinfo/end"), state.debugDir());
        }
      } catch (InterruptedException e) {
        state.markAborted();
        status.record(StatusCode.ABORT, "", "", ABORT_REASON);
      }
    }
    Verdict verdict = status.worst();
    String reason = status.worstReason();
    status.endAll(StatusCode.of(verdict), reason);
    if (state.isAborted()) {
      // Tell the caller its interrupt was seen; the session swallowed it on the way out.
      Thread.currentThread().interrupt();
    }
    debug.info(
        "session ended: "
            + verdict
            + " "
            + reason
            + (state.hostFailed() ? " (the host failed: it will be verified)" : ""));
    return new SessionOutcome(verdict, reason, state.hostFailed());
  }

  /** A machine was connected by {@code hosts.create}: gather its sysinfo. */
  void hostOpened(ServerHost opened) throws InterruptedException {
    state.debug().info("hosts.create: connected to " + opened.getMachine());
    state
        .sysinfo()
        .gatherBoot(
            opened.host(), state.hostDir(opened.host()).resolve("sysinfo"), state.debugDir());
  }

  /** A name for the job in messages. */
  String jobLabel() {
    SessionSpec spec = state.spec();
    return spec.jobId() + "-" + spec.owner() + " (" + spec.jobName() + ")";
  }

  /** {@code job.sysinfo}. */
  Sysinfo sysinfo() {
    return state.sysinfo();
  }

  /** {@code job.run_test}: runs one test as a group; returns whether it passed. */
  boolean runTest(String name, Map<String, Object> named, List<Object> positional) {
    return parts.tests().runTest(host, status, name, named, positional);
  }

  /** {@code job.record}: one status line the control file writes itself. */
  void record(String word, String subdir, String operation, String reason) {
    parts.records().record(status, word, subdir, operation, reason);
  }

  /** {@code job.write_perf_keyval}: measurements of the whole job, in the job's keyval. */
  void writePerfKeyval(Map<String, Object> values) {
    parts.records().writePerfKeyval(values);
  }

  /**
   * {@code job.reboot}: reboots this session's host; see {@link Reboots#reboot}.
   *
   * @return true when the host came back
   */
  boolean reboot(String command, Duration timeout) {
    if (host == null) {
      throw new IllegalArgumentException(
          "job.reboot() needs a host here: call h.reboot() on a host from hosts.create(name)");
    }
    return reboot(host, command, timeout);
  }

  /** As {@link #reboot(String, Duration)} on the given host. */
  boolean reboot(TestHost machine, String command, Duration timeout) {
    return parts.reboots().reboot(status, machine, command, timeout);
  }

  /** {@code job.parallel}: see {@link Branches#parallel}. */
  void parallel(List<BranchBody> bodies) {
    parts.branches().parallel(this, bodies);
  }

  /** {@code parallel_simple(closure, machines)}: see {@link Branches#parallelSimple}. */
  void parallelSimple(Function<Object, BranchBody> body, List<?> machines) {
    parts.branches().parallelSimple(this, body, machines);
  }

  /** {@code job.barrier(name, timeout)}: see {@link Barriers#barrier}. */
  void barrier(String name, Duration timeout) throws InterruptedException {
    parts.barriers().barrier(host, name, timeout);
  }

  /**
   * What a session runs with: the interpreter of its control file and the tests it may run.
   *
   * @param interpreter runs the control file
   * @param library the tests
   */
  record Tools(Interpreter interpreter, TestLibrary library) {}

  /**
   * The classes that carry out the control file's calls, one set for a session and its branches.
   */
  private record Parts(
      Interpreter interpreter,
      TestRunner tests,
      JobRecords records,
      Reboots reboots,
      Branches branches,
      Barriers barriers) {
    static Parts of(SessionState state, Tools tools) {
      Barriers barriers = new Barriers(state);
      return new Parts(
          tools.interpreter(),
          new TestRunner(state, tools.library()),
          new JobRecords(state),
          new Reboots(state),
          new Branches(state, barriers),
          barriers);
    }
  }
}

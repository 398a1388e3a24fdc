package hangar.autoserv;

import groovy.lang.Closure;
import hangar.host.HostCommandException;
import hangar.host.SshHost;
import hangar.host.TestHost;
import hangar.testlib.TestLibrary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One autoserv session, or one parallel branch of it: runs the control file and gives the verdict.
 *
 * <p>The main session lives on the session's thread; each branch of a {@code job.parallel} is a
 * sibling session on its own virtual thread with its own status log. The control file's calls land
 * here and go on to the class that does each: {@link TestRunner}, {@link JobRecords}, {@link
 * Reboots}, {@link Branches} and {@link Barriers}, which the branches share through {@link Parts}.
 */
final class Session {
  static final String ABORT_REASON = "session aborted";

  private final SessionState state;
  private final Parts parts;

  /** The host tests run on by default; null in a server-side session outside parallel_simple. */
  private final TestHost host;

  private final StatusLog status;

  /** A client-side session: the control file drives {@code host}. */
  Session(SessionSpec spec, TestHost host, StatusLog status, DebugLog debug, TestLibrary library) {
    this(new SessionState(spec, debug, new Sysinfo(debug), null), library, host, status);
  }

  /** A server-side session: the control file drives the job's machines through {@code hosts}. */
  Session(
      SessionSpec spec, ServerHosts hosts, StatusLog status, DebugLog debug, TestLibrary library) {
    this(new SessionState(spec, debug, new Sysinfo(debug), hosts), library, null, status);
    hosts.attach(this);
  }

  private Session(SessionState state, TestLibrary library, TestHost host, StatusLog status) {
    this(state, Parts.of(state, library), host, status);
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
    ClientJob job = new ClientJob(this);
    try {
      ControlFile control;
      if (state.isServerSide()) {
        state.hosts().attach(job);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("job", job);
        variables.put("machines", List.copyOf(spec.hosts()));
        variables.put("hosts", state.hosts());
        variables.put("parallel_simple", new ParallelSimple(this, job));
        control = ControlFile.compileServer(spec.controlFile(), variables);
        debug.info("server-side control file compiled; machines " + spec.hosts());
      } else {
        sysinfo.gatherBoot(host, spec.resultsDir().resolve("sysinfo"), state.debugDir());
        control = ControlFile.compile(spec.controlFile(), job);
        debug.info("control file compiled; running it against " + host.hostname());
      }
      control.run();
    } catch (ControlFileException e) {
      debug.info(e.getMessage(), e);
      if (e.getCause() instanceof HostCommandException
          || e.getCause() instanceof SshHost.HostConnectException) {
        state.markHostFailed();
      }
      status.record(StatusCode.ERROR, "", "", e.getMessage());
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
  void parallel(ClientJob job, List<Closure<?>> bodies) {
    parts.branches().parallel(this, job, bodies);
  }

  /** {@code parallel_simple(closure, machines)}: see {@link Branches#parallelSimple}. */
  void parallelSimple(ClientJob job, Closure<?> body, List<?> machines)
      throws InterruptedException {
    parts.branches().parallelSimple(this, job, body, machines);
  }

  /** {@code job.barrier(name, timeout)}: see {@link Barriers#barrier}. */
  void barrier(String name, Duration timeout) throws InterruptedException {
    parts.barriers().barrier(host, name, timeout);
  }

  /**
   * The classes that carry out the control file's calls, one set for a session and its branches.
   */
  private record Parts(
      TestRunner tests, JobRecords records, Reboots reboots, Branches branches, Barriers barriers) {
    static Parts of(SessionState state, TestLibrary library) {
      Barriers barriers = new Barriers(state);
      return new Parts(
          new TestRunner(state, library),
          new JobRecords(state),
          new Reboots(state),
          new Branches(state, barriers),
          barriers);
    }
  }
}

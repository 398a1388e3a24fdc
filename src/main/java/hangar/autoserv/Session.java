package hangar.autoserv;

import groovy.lang.Closure;
import hangar.autoserv.sandbox.SandboxRefusal;
import hangar.host.HostCommandException;
import hangar.host.LocalHost;
import hangar.host.SshHost;
import hangar.host.TestHost;
import hangar.results.Keyvals;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One autoserv session in progress: runs the control file against the host and writes every test
 * into the status log and its own subfolder. The main session lives on the session's thread; each
 * branch of a {@code job.parallel} is a sibling session on its own virtual thread with its own
 * status log, which the main one absorbs when the branches are done.
 */
final class Session {
  static final String ABORT_REASON = "session aborted";
  private static final String GOOD_MESSAGE = "completed successfully";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final int MAX_ITERATIONS = 10_000;
  private static final Duration DEFAULT_REBOOT_TIMEOUT = Duration.ofMinutes(10);

  private final SessionSpec spec;

  /** The host tests run on by default; null in a server-side session outside parallel_simple. */
  private final TestHost host;

  private final StatusLog status;
  private final DebugLog debug;
  private final TestLibrary library;
  private final Shared shared;

  /** A client-side session: the control file drives {@code host}. */
  Session(SessionSpec spec, TestHost host, StatusLog status, DebugLog debug, TestLibrary library) {
    this(spec, host, status, debug, library, new Shared(new Sysinfo(debug), null));
  }

  /** A server-side session: the control file drives the job's machines through {@code hosts}. */
  Session(
      SessionSpec spec, ServerHosts hosts, StatusLog status, DebugLog debug, TestLibrary library) {
    this(spec, null, status, debug, library, new Shared(new Sysinfo(debug), hosts));
    hosts.attach(this);
  }

  private Session(
      SessionSpec spec,
      TestHost host,
      StatusLog status,
      DebugLog debug,
      TestLibrary library,
      Shared shared) {
    this.spec = spec;
    this.host = host;
    this.status = status;
    this.debug = debug;
    this.library = library;
    this.shared = shared;
  }

  /** Runs the control file inside the job's group and closes it with the worst outcome. */
  SessionOutcome run() {
    status.start("", "", "");
    ClientJob job = new ClientJob(this);
    try {
      ControlFile control;
      if (isServerSide()) {
        shared.hosts.attach(job);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("job", job);
        variables.put("machines", List.copyOf(spec.hosts()));
        variables.put("hosts", shared.hosts);
        variables.put("parallel_simple", new ParallelSimple(this, job));
        control = ControlFile.compileServer(spec.controlFile(), variables);
        debug.info("server-side control file compiled; machines " + spec.hosts());
      } else {
        shared.sysinfo.gatherBoot(host, spec.resultsDir().resolve("sysinfo"), debugDir());
        control = ControlFile.compile(spec.controlFile(), job);
        debug.info("control file compiled; running it against " + host.hostname());
      }
      control.run();
    } catch (ControlFileException e) {
      debug.info(e.getMessage(), e);
      if (e.getCause() instanceof HostCommandException
          || e.getCause() instanceof SshHost.HostConnectException) {
        shared.hostFailed.set(true);
      }
      status.record(StatusCode.ERROR, "", "", e.getMessage());
    } catch (SessionAbortedException | InterruptedException e) {
      shared.aborted.set(true);
    }
    if (shared.aborted.get() || Thread.interrupted()) {
      shared.aborted.set(true);
      debug.info("session aborted");
      status.record(StatusCode.ABORT, "", "", ABORT_REASON);
    } else {
      try {
        if (isServerSide()) {
          for (ServerHost opened : shared.hosts.opened()) {
            shared.sysinfo.gatherBoot(
                opened.host(), hostDir(opened.host()).resolve("sysinfo/end"), debugDir());
          }
        } else {
          shared.sysinfo.gatherBoot(host, spec.resultsDir().resolve("sysinfo/end"), debugDir());
        }
      } catch (InterruptedException e) {
        shared.aborted.set(true);
        status.record(StatusCode.ABORT, "", "", ABORT_REASON);
      }
    }
    Verdict verdict = status.worst();
    String reason = status.worstReason();
    status.endAll(StatusCode.of(verdict), reason);
    if (shared.aborted.get()) {
      // Tell the caller its interrupt was seen; the session swallowed it on the way out.
      Thread.currentThread().interrupt();
    }
    debug.info(
        "session ended: "
            + verdict
            + " "
            + reason
            + (shared.hostFailed.get() ? " (the host failed: it will be verified)" : ""));
    return new SessionOutcome(verdict, reason, shared.hostFailed.get());
  }

  private boolean isServerSide() {
    return shared.hosts != null;
  }

  /**
   * Where a server-side session keeps one machine's results: {@code <results>/<host>}, with {@code
   * _<port>} when the machine names a port other than 22.
   */
  private Path hostDir(TestHost machine) {
    return spec.resultsDir().resolve(shared.hosts.dirName(machine));
  }

  /** A machine was connected by {@code hosts.create}: gather its sysinfo. */
  void hostOpened(ServerHost opened) throws InterruptedException {
    debug.info("hosts.create: connected to " + opened.getMachine());
    shared.sysinfo.gatherBoot(opened.host(), hostDir(opened.host()).resolve("sysinfo"), debugDir());
  }

  private Path debugDir() {
    return spec.resultsDir().resolve("debug");
  }

  /** A name for the job in messages. */
  String jobLabel() {
    return spec.jobId() + "-" + spec.owner() + " (" + spec.jobName() + ")";
  }

  /** {@code job.sysinfo}. */
  Sysinfo sysinfo() {
    return shared.sysinfo;
  }

  private void checkNotAborted() {
    if (shared.aborted.get() || Thread.interrupted()) {
      shared.aborted.set(true);
      throw new SessionAbortedException(ABORT_REASON + "; no more tests run");
    }
  }

  /** {@code job.run_test}: runs one test as a group; returns whether it passed. */
  boolean runTest(String name, Map<String, Object> named, List<Object> positional) {
    checkNotAborted();
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
    if (isServerSide()) {
      Object given = arguments.remove("host");
      if (given instanceof ServerHost machine) {
        target = machine.host();
      } else if (given != null) {
        throw new IllegalArgumentException(
            "job.run_test host must be a host from hosts.create(name), was " + given);
      } else if (target == null && spec.hosts().size() == 1) {
        target = createHost(spec.hosts().get(0)).host();
      } else if (target == null) {
        throw new IllegalArgumentException(
            "job.run_test('"
                + name
                + "') needs host: h (h = hosts.create(name)), or to run inside parallel_simple;"
                + " this job has machines "
                + spec.hosts());
      }
      prefix = shared.hosts.dirName(target) + "/";
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
    return runGroup(subdir, () -> runPhases(on, testSubdir, args, installMissing, count));
  }

  private boolean runGroup(String subdir, TestBody body) {
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
      shared.hostFailed.set(true);
      outcome = StatusCode.ERROR;
      message = e.getMessage();
    } catch (TestErrorException e) {
      outcome = StatusCode.ERROR;
      message = e.getMessage();
    } catch (InterruptedException | SessionAbortedException e) {
      shared.aborted.set(true);
      status.record(StatusCode.ABORT, subdir, operation, ABORT_REASON);
      status.end(StatusCode.ABORT, ABORT_REASON);
      debug.info(subdir + ": aborted");
      throw new SessionAbortedException(ABORT_REASON + " while " + subdir + " ran");
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
    if (!shared.usedSubdirs.add(subdir)) {
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
    int dmesgBefore = shared.sysinfo.dmesgLines(host, testDir.resolve("debug"));
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
        if (!interrupted && !shared.aborted.get()) {
          shared.sysinfo.gatherAfterTest(host, testDir, dmesgBefore);
        }
      }
    }
  }

  /** {@code job.record}: one status line the control file writes itself. */
  void record(String word, String subdir, String operation, String reason) {
    checkNotAborted();
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
    try {
      Keyvals.append(spec.resultsDir().resolve("keyval"), typed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + spec.resultsDir().resolve("keyval"), e);
    }
  }

  /**
   * {@code job.reboot}: reboots the host and waits for it, as a {@code reboot} group with {@code
   * reboot.start} and {@code reboot.verify} lines and the kernel it came back with; then gathers a
   * boot's sysinfo into {@code sysinfo/boot.N}.
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
  boolean reboot(TestHost host, String command, Duration timeout) {
    checkNotAborted();
    status.start("", "reboot", "");
    if (!(host instanceof SshHost ssh)) {
      String reason =
          "cannot reboot "
              + LocalHost.HOSTNAME
              + ": it is the drone itself; run the job on a host reached over SSH";
      status.record(StatusCode.FAIL, "", "reboot.start", reason);
      status.end(StatusCode.FAIL, reason);
      return false;
    }
    try {
      status.record(StatusCode.GOOD, "", "reboot.start", "");
      debug.info("reboot: running '" + command + "' on " + host.hostname());
      try {
        ssh.reboot(command, timeout);
      } catch (HostCommandException e) {
        // Autotest writes ABORT here; a session's ABORT means "aborted by a user" to the scheduler.
        status.record(StatusCode.FAIL, "", "reboot.verify", e.getMessage());
        status.end(StatusCode.FAIL, e.getMessage());
        return false;
      }
      String kernel = kernelVersion(host);
      status.record(StatusCode.GOOD, "", "reboot.verify", kernel);
      status.end(StatusCode.GOOD, "", kernel.isEmpty() ? Map.of() : Map.of("kernel", kernel));
      int boot = shared.boots.getAndIncrement();
      Path where = isServerSide() ? hostDir(host) : spec.resultsDir();
      shared.sysinfo.gatherBoot(host, where.resolve("sysinfo").resolve("boot." + boot), debugDir());
      return true;
    } catch (InterruptedException e) {
      shared.aborted.set(true);
      status.record(StatusCode.ABORT, "", "reboot.verify", ABORT_REASON);
      status.end(StatusCode.ABORT, ABORT_REASON);
      throw new SessionAbortedException(ABORT_REASON + " while the host rebooted");
    }
  }

  private String kernelVersion(TestHost host) throws InterruptedException {
    Path out;
    try {
      out = Files.createTempFile(debugDir(), "reboot-kernel-", ".out");
    } catch (IOException e) {
      debug.info("reboot: cannot make a file for the kernel version: " + e);
      return "";
    }
    try {
      host.run("uname -r", out, debugDir().resolve("reboot.stderr"), Duration.ofMinutes(1));
      return Files.readString(out).strip().replaceAll("[\\s=]+", "_");
    } catch (IOException | HostCommandException e) {
      debug.info("reboot: cannot read the kernel version: " + e);
      return "";
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException e) {
        debug.info("reboot: cannot remove " + out + ": " + e);
      }
    }
  }

  /** The default reboot timeout, for {@link ClientJob}. */
  static Duration defaultRebootTimeout() {
    return DEFAULT_REBOOT_TIMEOUT;
  }

  /**
   * {@code job.parallel}: runs each closure at once on its own thread against the host; returns
   * when all are done. Each branch writes its own status log (under {@code debug/}); they are
   * copied into this one in order, so the nesting stays right.
   */
  void parallel(ClientJob job, List<Closure<?>> branches) {
    List<Branch> work = new ArrayList<>();
    for (Closure<?> body : branches) {
      work.add(new Branch(host, null, body, null));
    }
    runBranches(job, work);
  }

  /**
   * {@code parallel_simple(closure, machines)}: calls the closure with each machine at the same
   * time, each in a branch whose tests run on that machine by default.
   */
  void parallelSimple(ClientJob job, Closure<?> body, List<?> machines)
      throws InterruptedException {
    if (!isServerSide()) {
      throw new IllegalArgumentException("parallel_simple is for server-side control files");
    }
    List<Branch> work = new ArrayList<>();
    for (Object machine : machines) {
      // Each branch connects to its machine itself, so the machines are reached side by side.
      work.add(new Branch(null, String.valueOf(machine), body, machine));
    }
    shared.participants.set(machines.size());
    try {
      runBranches(job, work);
    } finally {
      shared.participants.set(0);
    }
  }

  private ServerHost createHost(String machine) {
    try {
      return shared.hosts.create(machine);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionAbortedException(ABORT_REASON + " while connecting to " + machine);
    }
  }

  private void runBranches(ClientJob job, List<Branch> work) {
    checkNotAborted();
    List<StatusLog> logs = new ArrayList<>();
    for (int i = 0; i < work.size(); i++) {
      int number = shared.branches.incrementAndGet();
      logs.add(status.branch(debugDir().resolve("parallel." + number + ".status.log")));
    }
    debug.info("parallel: running " + work.size() + " branches");
    boolean interrupted = false;
    Throwable failure = null;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < work.size(); i++) {
        StatusLog log = logs.get(i);
        Branch branch = work.get(i);
        running.add(threads.submit(() -> runBranch(job, branch, log)));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (InterruptedException e) {
          interrupted = true;
          shared.aborted.set(true);
          running.forEach(f -> f.cancel(true));
        } catch (CancellationException e) {
          // Cancelled by the abort above; its branch ends on its own and is absorbed below.
          debug.info("parallel: a branch was cancelled by the abort");
        } catch (ExecutionException e) {
          // runBranch records what it catches; anything else is a bug, reported once all ended.
          failure = e.getCause();
        }
      }
    }
    // Every branch has ended (the executor waited): their lines go in, in order, whatever happened.
    for (StatusLog log : logs) {
      log.endAll(StatusCode.ABORT, ABORT_REASON);
      status.absorb(log);
      log.close();
    }
    if (interrupted || shared.aborted.get()) {
      throw new SessionAbortedException(ABORT_REASON + " during job.parallel");
    }
    if (failure != null) {
      throw new IllegalStateException("parallel branch failed: " + failure, failure);
    }
  }

  /**
   * {@code job.barrier(name, timeout)}: holds this branch of a parallel_simple until every machine
   * of it has reached the barrier of that name.
   *
   * @throws IllegalStateException if not every machine arrives within the timeout
   */
  void barrier(String name, Duration timeout) throws InterruptedException {
    if (!isServerSide()) {
      throw new IllegalArgumentException("job.barrier is for server-side control files");
    }
    int parties = shared.participants.get();
    if (parties == 0 || host == null) {
      throw new IllegalArgumentException(
          "job.barrier('"
              + name
              + "') holds the machines of a parallel_simple; call it inside one");
    }
    Rendezvous rendezvous = shared.barriers.computeIfAbsent(name, n -> new Rendezvous(parties));
    String me = shared.hosts.dirName(host);
    debug.info("barrier " + name + ": " + me + " arrived");
    if (!rendezvous.arrive(me, timeout, () -> shared.barriers.remove(name, rendezvous))) {
      throw new BarrierTimeoutException(
          "barrier '"
              + name
              + "' timed out after "
              + timeout.toSeconds()
              + " s: "
              + rendezvous.arrived()
              + " of "
              + parties
              + " hosts arrived");
    }
    debug.info("barrier " + name + ": all " + parties + " hosts arrived; " + me + " goes on");
  }

  /** Runs one branch in a sibling session with its own status log, on the caller's thread. */
  private void runBranch(ClientJob job, Branch branch, StatusLog log) {
    TestHost on = branch.host();
    if (branch.machine() != null) {
      try {
        on = shared.hosts.create(branch.machine()).host();
      } catch (InterruptedException e) {
        shared.aborted.set(true);
        return;
      } catch (RuntimeException e) {
        ControlFileException error = ControlFile.runtimeError(e);
        debug.info(error.getMessage(), e);
        if (e instanceof SshHost.HostConnectException) {
          shared.hostFailed.set(true);
        }
        log.record(StatusCode.ERROR, "", "", branch.machine() + ": " + e.getMessage());
        return;
      }
    }
    new Session(spec, on, log, debug, library, shared).runBody(job, branch);
  }

  private void runBody(ClientJob job, Branch branch) {
    job.enter(this);
    try {
      if (branch.argument() == null) {
        branch.body().call();
      } else {
        branch.body().call(branch.argument());
      }
    } catch (SessionAbortedException e) {
      shared.aborted.set(true);
    } catch (Exception | AssertionError | StackOverflowError | SandboxRefusal e) {
      if (e instanceof InterruptedException) {
        // The interrupt checks in the control file's loops: this branch is being aborted.
        shared.aborted.set(true);
        return;
      }
      ControlFileException error = ControlFile.runtimeError(e);
      debug.info(error.getMessage(), e);
      status.record(StatusCode.ERROR, "", "", error.getMessage());
    } finally {
      job.leave();
    }
  }

  /**
   * One branch of a parallel run.
   *
   * @param host the host its tests run on by default, or null when {@code machine} names it
   * @param machine the machine the branch connects to itself (parallel_simple), or null
   * @param body the closure
   * @param argument what the closure is called with (a machine), or null for none
   */
  private record Branch(TestHost host, String machine, Closure<?> body, Object argument) {}

  /** What the main session and its parallel branches share. */
  private static final class Shared {
    final Set<String> usedSubdirs = ConcurrentHashMap.newKeySet();
    final AtomicBoolean aborted = new AtomicBoolean();
    final AtomicBoolean hostFailed = new AtomicBoolean();
    final AtomicInteger branches = new AtomicInteger();
    final AtomicInteger boots = new AtomicInteger();
    final AtomicInteger participants = new AtomicInteger();
    final Map<String, Rendezvous> barriers = new ConcurrentHashMap<>();
    final Sysinfo sysinfo;
    final ServerHosts hosts;

    Shared(Sysinfo sysinfo, ServerHosts hosts) {
      this.sysinfo = sysinfo;
      this.hosts = hosts;
    }
  }

  /** A barrier: a number of hosts that must all arrive before any goes on. */
  private static final class Rendezvous {
    private final CountDownLatch latch;
    private final Set<String> arrived = ConcurrentHashMap.newKeySet();

    Rendezvous(int parties) {
      latch = new CountDownLatch(parties);
    }

    /**
     * Arrives and waits for the others; the last to arrive runs {@code complete}, which lets the
     * name be used for a barrier again.
     */
    boolean arrive(String host, Duration timeout, Runnable complete) throws InterruptedException {
      if (arrived.add(host)) {
        latch.countDown();
        if (latch.getCount() == 0) {
          complete.run();
        }
      }
      return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    String arrived() {
      return arrived.size() + " (" + String.join(", ", new java.util.TreeSet<>(arrived)) + ")";
    }
  }

  /** The body of a test group. */
  @FunctionalInterface
  private interface TestBody {
    void run() throws InterruptedException;
  }
}

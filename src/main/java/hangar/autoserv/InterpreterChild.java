package hangar.autoserv;

import hangar.autoserv.interpreter.Frame;
import hangar.autoserv.interpreter.FrameStream;
import hangar.host.HostCommandException;
import hangar.host.SshHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interpreter process and the sessions it runs: a thread reads its frames and serves each call
 * on a virtual thread of its own; another logs what it prints on standard error. Everything the
 * process sends is checked, and a frame that breaks the protocol kills it.
 */
final class InterpreterChild {
  private static final Logger LOG = LoggerFactory.getLogger(InterpreterChild.class);
  private static final int KEPT_LINES = 20;
  private static final int MAX_LOG_LINE = 2000;
  private static final int MAX_TRACE = 30;
  private static final int MAX_MESSAGE = 10_000;

  private final Process process;
  private final Path home;
  private final FrameStream stream;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Deque<String> lastLines = new ArrayDeque<>();
  private volatile String killedBecause;

  private InterpreterChild(Process process, Path home, int maxFrame) {
    this.process = process;
    this.home = home;
    this.stream = new FrameStream(process.getInputStream(), process.getOutputStream(), maxFrame);
  }

  static InterpreterChild start(InterpreterLaunch.Launch launch, int maxFrame) throws IOException {
    Process process = launch.builder().start();
    InterpreterChild child = new InterpreterChild(process, launch.home(), maxFrame);
    LOG.info("control file interpreter started: pid {}", process.pid());
    Thread.ofPlatform().daemon().name("interpreter-" + process.pid()).start(child::read);
    Thread.ofPlatform().daemon().name("interpreter-err-" + process.pid()).start(child::logErrors);
    return child;
  }

  boolean isAlive() {
    return process.isAlive() && killedBecause == null;
  }

  long pid() {
    return process.pid();
  }

  /** Starts a session's control file. */
  Run start(Frame.Start start, ScriptCalls calls) throws IOException {
    Run run = new Run(start.session(), calls);
    if (runs.putIfAbsent(start.session(), run) != null) {
      throw new IllegalStateException("session " + start.session() + " runs already");
    }
    try {
      stream.write(start);
    } catch (IOException e) {
      runs.remove(start.session());
      throw new IOException("the control file interpreter does not take sessions: " + why(), e);
    }
    return run;
  }

  /**
   * Ends a session here: the calls it still has running (none, unless it was aborted) are
   * interrupted and waited for, so that nothing writes to its logs after it ended.
   */
  void forget(Run run) {
    runs.remove(run.session());
    run.interruptCalls();
    long deadline = System.nanoTime() + Interpreter.ABORT_GRACE.toNanos();
    try {
      for (Thread call : List.copyOf(run.calls)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !call.join(java.time.Duration.ofNanos(left))) {
          LOG.warn(
              "session={} a call did not end within {} s of the session",
              run.session(),
              Interpreter.ABORT_GRACE.toSeconds());
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the process to stop a session, and stops the calls it has running here. */
  void abort(Run run) {
    run.interruptCalls();
    try {
      stream.write(new Frame.Abort(run.session()));
    } catch (IOException e) {
      LOG.warn("session={} cannot tell the interpreter to abort: {}", run.session(), e.toString());
      kill("its line broke while aborting session " + run.session());
    }
  }

  /** Kills the process; its sessions end with an error that gives {@code reason}. */
  void kill(String reason) {
    killedBecause = reason;
    process.destroyForcibly();
    failAll("the control file interpreter was " + reason);
  }

  /** Reads frames until the process ends, then fails whatever it still ran. */
  private void read() {
    String ended = "the control file interpreter stopped";
    try {
      for (Optional<Frame> next = stream.read(); next.isPresent(); next = stream.read()) {
        handle(next.get());
      }
    } catch (IOException | ProtocolException e) {
      LOG.error("the control file interpreter (pid {}) broke the protocol; killed", pid(), e);
      ended = "the control file interpreter broke the protocol (" + e.getMessage() + ")";
      process.destroyForcibly();
    }
    try {
      int status = process.waitFor();
      failAll(ended + " with exit status " + status + why());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failAll(ended);
    } finally {
      deleteHome();
    }
  }

  private void handle(Frame frame) {
    Run run = runs.get(frame.session());
    if (run == null) {
      // A session that ended or was aborted here; its late frames mean nothing now.
      LOG.debug("a frame of session {} that no longer runs: {}", frame.session(), frame);
      return;
    }
    switch (frame) {
      case Frame.Call call -> Thread.ofVirtual().start(() -> serve(run, call));
      case Frame.BranchDone done -> run.branchDone(done);
      case Frame.Done done -> run.ending().complete(checked(done.ending()));
      case Frame.Start s -> throw new ProtocolException("the interpreter sent start");
      case Frame.Reply r -> throw new ProtocolException("the interpreter sent reply");
      case Frame.RunBranch b -> throw new ProtocolException("the interpreter sent branch");
      case Frame.Abort a -> throw new ProtocolException("the interpreter sent abort");
    }
  }

  private static Frame.Ending checked(Frame.Ending ending) {
    if (ending == null || ending.outcome() == null) {
      throw new ProtocolException("an ending without an outcome");
    }
    List<String> trace =
        ending.trace() == null
            ? List.of()
            : ending.trace().stream()
                .limit(MAX_TRACE)
                .map(line -> line.length() > MAX_LOG_LINE ? line.substring(0, MAX_LOG_LINE) : line)
                .toList();
    String message = ending.message() == null ? "" : ending.message();
    return new Frame.Ending(
        ending.outcome(),
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message,
        ending.hostFailed(),
        trace);
  }

  /** Carries out one call and writes the reply, whatever happens. */
  private void serve(Run run, Frame.Call call) {
    run.calls.add(Thread.currentThread());
    Frame.Reply reply;
    try {
      if (run.stopping) {
        throw new SessionAbortedException(Session.ABORT_REASON);
      }
      reply = new Frame.Reply(run.session(), call.call(), run.handler.handle(call, run), null);
    } catch (InterruptedException | SessionAbortedException e) {
      reply = failure(run, call, e, Frame.FailureKind.ABORTED);
    } catch (HostCommandException | SshHost.HostConnectException e) {
      reply = failure(run, call, e, Frame.FailureKind.HOST);
    } catch (IllegalArgumentException | ClassCastException e) {
      reply = failure(run, call, e, Frame.FailureKind.ARGUMENT);
    } catch (RuntimeException e) {
      LOG.warn("session={} call {}.{} failed", run.session(), call.target(), call.method(), e);
      reply = failure(run, call, e, Frame.FailureKind.OTHER);
    } finally {
      run.calls.remove(Thread.currentThread());
    }
    try {
      stream.write(reply);
    } catch (IOException e) {
      // The process died; read() fails the session with the reason.
      LOG.debug("session={} reply not sent: {}", run.session(), e.toString());
    }
  }

  private static Frame.Reply failure(
      Run run, Frame.Call call, Exception e, Frame.FailureKind kind) {
    return new Frame.Reply(
        run.session(),
        call.call(),
        null,
        new Frame.Failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), kind));
  }

  private void failAll(String reason) {
    Frame.Ending ending =
        Frame.Ending.failed(reason + "; the drone starts a new one for the next session", false);
    for (Run run : List.copyOf(runs.values())) {
      run.ending().complete(ending);
      run.branches.values().forEach(branch -> branch.complete(ending));
      run.interruptCalls();
    }
  }

  /** Logs the process's standard error, keeping the last lines for the message of its death. */
  private void logErrors() {
    try (InputStream err = process.getErrorStream()) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = err.read()) != -1) {
        if (b == '\n') {
          logLine(line.toString());
          line.setLength(0);
        } else if (line.length() < MAX_LOG_LINE) {
          line.append((char) b);
        }
      }
      if (!line.isEmpty()) {
        logLine(line.toString());
      }
    } catch (IOException e) {
      LOG.debug("the interpreter's standard error closed: {}", e.toString());
    }
  }

  private void logLine(String line) {
    String shown = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    LOG.warn("interpreter {}: {}", pid(), shown);
    synchronized (lastLines) {
      lastLines.addLast(shown);
      if (lastLines.size() > KEPT_LINES) {
        lastLines.removeFirst();
      }
    }
  }

  private String why() {
    synchronized (lastLines) {
      return lastLines.isEmpty() ? "" : ": " + lastLines.peekLast();
    }
  }

  private void deleteHome() {
    try (Stream<Path> all = Files.walk(home)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete the interpreter's folder {}: {}", home, e.toString());
    }
  }

  /** One session's control file in the process. */
  final class Run implements ScriptCalls.RemoteBranches {
    private final String session;
    private final ScriptCalls handler;
    private final CompletableFuture<Frame.Ending> ending = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Frame.Ending>> branches = new ConcurrentHashMap<>();
    private final Set<Thread> calls = ConcurrentHashMap.newKeySet();

    /** Set once the session is aborted or ended: calls that come after it are refused. */
    private volatile boolean stopping;

    Run(String session, ScriptCalls handler) {
      this.session = session;
      this.handler = handler;
    }

    String session() {
      return session;
    }

    CompletableFuture<Frame.Ending> ending() {
      return ending;
    }

    @Override
    public Frame.Ending runBranch(long branch, long body, List<Object> arguments)
        throws InterruptedException {
      CompletableFuture<Frame.Ending> done = new CompletableFuture<>();
      branches.put(branch, done);
      try {
        if (ending.isDone()) {
          return ending.getNow(Frame.Ending.aborted());
        }
        stream.write(new Frame.RunBranch(session, branch, body, arguments));
        return done.get();
      } catch (IOException e) {
        return Frame.Ending.failed("the control file interpreter stopped" + why(), false);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a branch's ending failed: " + e.getCause(), e);
      } finally {
        branches.remove(branch);
      }
    }

    void branchDone(Frame.BranchDone done) {
      CompletableFuture<Frame.Ending> waiting = branches.get(done.branch());
      if (waiting == null) {
        // A branch the drone stopped waiting for, on an abort.
        LOG.debug("session={} branch {} ended after its abort", session, done.branch());
        return;
      }
      waiting.complete(checked(done.ending()));
    }

    /**
     * Refuses further calls and interrupts the running ones, once: a second interrupt would cut
     * short the killing of a command the first one started.
     */
    synchronized void interruptCalls() {
      if (!stopping) {
        stopping = true;
        calls.forEach(Thread::interrupt);
      }
    }
  }

  /** The interpreter sent what it may not. */
  private static final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }
}

package hangar.autoserv.interpreter;

import groovy.lang.Closure;
import hangar.autoserv.sandbox.SandboxRefusal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One control file in the interpreter: compiles it, runs it on its own thread and its branches on
 * theirs, and tells the drone how each ended. It counts the CPU time of its threads, so that the
 * interpreter can stop a session that takes more than its share.
 */
final class ScriptSession {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Frame.Start start;
  private final Channel channel;
  private final ScriptJob job;
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong endedCpuNanos = new AtomicLong();
  private final AtomicBoolean aborted = new AtomicBoolean();
  private volatile String stopReason;

  ScriptSession(Frame.Start start, FrameStream stream) {
    this.start = start;
    this.channel = new Channel(start.session(), stream);
    this.job = new ScriptJob(channel);
  }

  String id() {
    return start.session();
  }

  Channel channel() {
    return channel;
  }

  /** Compiles and runs the control file to its end, then sends {@link Frame.Done}. */
  void run() throws IOException {
    Frame.Ending ending = track(this::runScript);
    channel.send(new Frame.Done(id(), ending));
  }

  private Frame.Ending runScript() {
    try {
      ControlFile control;
      if (start.server()) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("job", job);
        variables.put("machines", List.copyOf(start.machines()));
        variables.put("hosts", new ScriptHosts(channel));
        variables.put("parallel_simple", new ScriptParallelSimple(channel));
        control = ControlFile.compileServer(start.text(), variables);
      } else {
        control = ControlFile.compile(start.text(), job);
      }
      control.run();
      return stopped().orElse(Frame.Ending.ok());
    } catch (ControlFileException e) {
      return stopped()
          .orElse(
              Frame.Ending.failed(
                  e.getMessage(),
                  e.getCause() instanceof CallFailedException failed && failed.hostFailed(),
                  ControlFile.frames(e.getCause())));
    } catch (ScriptAbortedException e) {
      return stopped().orElse(Frame.Ending.aborted());
    }
  }

  /** Runs one closure of {@code job.parallel} or {@code parallel_simple} as the drone asked. */
  void runBranch(Frame.RunBranch branch) throws IOException {
    Frame.Ending ending =
        track(
            () -> {
              channel.enterBranch(branch.branch());
              try {
                List<Object> arguments =
                    branch.arguments() == null ? List.of() : branch.arguments();
                Closure<?> body = channel.enterBody(branch.body());
                if (arguments.isEmpty()) {
                  body.call();
                } else {
                  body.call(arguments.get(0));
                }
                return stopped().orElse(Frame.Ending.ok());
              } catch (ScriptAbortedException e) {
                return stopped().orElse(Frame.Ending.aborted());
              } catch (Exception | AssertionError | StackOverflowError | SandboxRefusal e) {
                if (e instanceof InterruptedException || aborted.get()) {
                  return stopped().orElse(Frame.Ending.aborted());
                }
                return stopped()
                    .orElse(
                        Frame.Ending.failed(
                            ControlFile.runtimeError(e).getMessage(),
                            false,
                            ControlFile.frames(e)));
              } finally {
                channel.leaveBranch();
              }
            });
    channel.send(new Frame.BranchDone(id(), branch.branch(), ending));
  }

  /** Stops the session: every thread of it is interrupted, and the file's loops check for that. */
  void abort() {
    aborted.set(true);
    running.forEach(Thread::interrupt);
  }

  /** Stops the session with an error, for taking more than its share of the interpreter. */
  void stop(String reason) {
    stopReason = reason;
    abort();
  }

  /** The CPU time the session's threads have taken so far, in nanoseconds. */
  long cpuNanos() {
    long total = endedCpuNanos.get();
    for (Thread thread : running) {
      long used = THREADS.getThreadCpuTime(thread.threadId());
      if (used > 0) {
        total += used;
      }
    }
    return total;
  }

  private Optional<Frame.Ending> stopped() {
    String reason = stopReason;
    return reason == null ? Optional.empty() : Optional.of(Frame.Ending.failed(reason, false));
  }

  private Frame.Ending track(Supplier<Frame.Ending> body) {
    Thread self = Thread.currentThread();
    running.add(self);
    try {
      if (aborted.get()) {
        return stopped().orElse(Frame.Ending.aborted());
      }
      return body.get();
    } finally {
      running.remove(self);
      endedCpuNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime()));
      // An abort may have interrupted this thread after its work ended; the next task must not
      // see it.
      Thread.interrupted();
    }
  }
}

package hangar.autoserv.interpreter;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The control-file interpreter: a process of its own that a drone starts, as an unprivileged user
 * when the drone runs as root, with a bounded heap. It holds no credentials, no database and no SSH
 * key; it compiles and runs control files in the sandbox, and every call of the DSL goes to the
 * drone as a {@link Frame} on standard output, the answers coming back on standard input. It ends
 * when its standard input closes, that is when the drone goes.
 *
 * <p>Arguments: {@code --cpu-seconds N}, the CPU time one session's control file may take before it
 * is stopped with an error.
 */
public final class InterpreterMain {
  /** The longest frame the drone sends: a command's output is at most a few MB. */
  static final int MAX_FRAME = 64 * 1024 * 1024;

  private static final long WATCH_MILLIS = 250;

  private final FrameStream stream;
  private final long cpuLimitNanos;
  private final Map<String, ScriptSession> sessions = new ConcurrentHashMap<>();

  private InterpreterMain(FrameStream stream, long cpuLimitNanos) {
    this.stream = stream;
    this.cpuLimitNanos = cpuLimitNanos;
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) {
    long cpuSeconds = 60;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--cpu-seconds") && i + 1 < args.length) {
        cpuSeconds = Long.parseLong(args[++i]);
      } else {
        System.err.println(
            "interpreter: unknown argument " + args[i] + "; it takes --cpu-seconds N");
        System.exit(2);
      }
    }
    // Standard output carries frames only: anything else printed goes to standard error.
    PrintStream frames = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    System.setOut(System.err);
    InterpreterMain main =
        new InterpreterMain(
            new FrameStream(System.in, frames, MAX_FRAME), TimeUnit.SECONDS.toNanos(cpuSeconds));
    Thread.ofPlatform().daemon().name("cpu-watch").start(main::watch);
    int status = main.serve();
    Runtime.getRuntime().halt(status);
  }

  /** Reads frames until the drone closes the line; the exit status. */
  private int serve() {
    try {
      for (Optional<Frame> next = stream.read(); next.isPresent(); next = stream.read()) {
        handle(next.get());
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("interpreter: the line from the drone broke: " + e);
      return 1;
    }
  }

  private void handle(Frame frame) {
    switch (frame) {
      case Frame.Start start -> {
        ScriptSession session = new ScriptSession(start, stream);
        if (sessions.putIfAbsent(start.session(), session) != null) {
          throw new IllegalStateException("session " + start.session() + " started twice");
        }
        runOnThread(
            "session-" + start.session(),
            () -> {
              try {
                session.run();
              } finally {
                sessions.remove(start.session());
              }
            });
      }
      case Frame.Reply reply -> find(reply).ifPresent(s -> s.channel().reply(reply));
      case Frame.RunBranch branch ->
          find(branch)
              .ifPresent(
                  s ->
                      runOnThread(
                          "branch-" + branch.session() + "-" + branch.branch(),
                          () -> s.runBranch(branch)));
      case Frame.Abort abort -> find(abort).ifPresent(ScriptSession::abort);
      case Frame.Call call -> throw new IllegalStateException("the drone sent a call");
      case Frame.BranchDone done -> throw new IllegalStateException("the drone sent branch_done");
      case Frame.Done done -> throw new IllegalStateException("the drone sent done");
    }
  }

  private Optional<ScriptSession> find(Frame frame) {
    return Optional.ofNullable(sessions.get(frame.session()));
  }

  /** A platform thread per session and branch, so its CPU time can be counted. */
  private static void runOnThread(String name, Task task) {
    Thread.ofPlatform()
        .name(name)
        .start(
            () -> {
              try {
                task.run();
              } catch (IOException e) {
                System.err.println("interpreter: cannot write to the drone: " + e);
                Runtime.getRuntime().halt(1);
              }
            });
  }

  /** Stops every session whose control file has taken more CPU time than its limit. */
  private void watch() {
    while (true) {
      for (ScriptSession session : sessions.values()) {
        if (session.cpuNanos() > cpuLimitNanos) {
          session.stop(
              "control file stopped: it took more than "
                  + TimeUnit.NANOSECONDS.toSeconds(cpuLimitNanos)
                  + " s of CPU time ([AUTOSERV] interpreter_cpu_seconds)");
        }
      }
      try {
        Thread.sleep(WATCH_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @FunctionalInterface
  private interface Task {
    void run() throws IOException;
  }
}

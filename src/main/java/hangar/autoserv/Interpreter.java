package hangar.autoserv;

import hangar.autoserv.interpreter.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drone's control-file interpreter: one process, started on the first session and again after it
 * dies, that runs every session's control file in the sandbox while the sessions stay here (see
 * {@link hangar.autoserv.interpreter.InterpreterMain}). It holds nothing worth stealing: the
 * database, tokens and SSH keys are the drone's, and when the drone is root the interpreter runs as
 * {@code [AUTOSERV] run_as} ({@link InterpreterLaunch}).
 *
 * <p>If the process dies, the sessions it was running end with an ERROR that says so, and the next
 * session starts a new one. A session that does not stop within {@link #ABORT_GRACE} of its abort
 * has the process killed, with the sessions in it.
 */
public final class Interpreter {
  private static final Logger LOG = LoggerFactory.getLogger(Interpreter.class);

  /** How long an aborted session's control file has to stop before the process is killed. */
  static final Duration ABORT_GRACE = Duration.ofSeconds(10);

  /** The longest frame the interpreter may send: far more than any call's arguments. */
  private static final int MAX_FRAME = 16 * 1024 * 1024;

  private static final Map<InterpreterSettings, Interpreter> SHARED = new ConcurrentHashMap<>();

  private final Launcher launcher;
  private InterpreterChild child;

  private Interpreter(InterpreterSettings settings) {
    this(() -> InterpreterLaunch.prepare(settings));
  }

  /** An interpreter started by {@code launcher}; tests start other programs in its place. */
  Interpreter(Launcher launcher) {
    this.launcher = launcher;
  }

  /**
   * The interpreter of this JVM with these settings; it starts with the first session.
   *
   * @param settings {@code [AUTOSERV]}'s run_as, heap and CPU time
   * @return the same interpreter for the same settings
   */
  public static Interpreter shared(InterpreterSettings settings) {
    return SHARED.computeIfAbsent(settings, Interpreter::new);
  }

  /**
   * Runs one control file until it ends, serving its calls with {@code calls}. An interrupt of the
   * calling thread aborts it.
   *
   * @param session the session's id, unique among the sessions running
   * @param server whether the control file is server-side
   * @param text the control file
   * @param machines the job's machines
   * @param calls carries out its calls
   * @return how it ended; a dead interpreter is a FAILED ending that says so
   * @throws InterruptedException if the calling thread was interrupted (after the control file
   *     stopped, or the interpreter was killed)
   */
  Frame.Ending run(
      String session, boolean server, String text, List<String> machines, ScriptCalls calls)
      throws InterruptedException {
    InterpreterChild running;
    InterpreterChild.Run run;
    try {
      running = current();
      run = running.start(new Frame.Start(session, server, text, machines), calls);
    } catch (IOException | hangar.HangarException e) {
      LOG.error("session={} cannot start the control file interpreter", session, e);
      return Frame.Ending.failed(
          "cannot start the control file interpreter: " + e.getMessage() + "; see the drone's log",
          false);
    }
    try {
      return run.ending().get();
    } catch (InterruptedException e) {
      abort(running, run);
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a session's ending failed: " + e.getCause(), e.getCause());
    } finally {
      running.forget(run);
    }
  }

  /** Tells the interpreter to stop the session; kills it if the session does not stop in time. */
  private void abort(InterpreterChild running, InterpreterChild.Run run) {
    running.abort(run);
    try {
      run.ending().get(ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "session={} did not stop within {} s of its abort; the control file interpreter is"
              + " killed, and the sessions it runs end with an error",
          run.session(),
          ABORT_GRACE.toSeconds());
      running.kill("killed: session " + run.session() + " did not stop after its abort");
    } catch (InterruptedException e) {
      running.kill("killed: the drone was interrupted while session " + run.session() + " aborted");
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a session's ending failed: " + e.getCause(), e.getCause());
    }
  }

  /** The running process, started if there is none or it died. */
  private synchronized InterpreterChild current() throws IOException {
    if (child == null || !child.isAlive()) {
      child = InterpreterChild.start(launcher.prepare(), MAX_FRAME);
    }
    return child;
  }

  /** An ending's message with the control file's frames under it, for the debug log. */
  static String describe(Frame.Ending ending) {
    StringBuilder text = new StringBuilder(ending.message());
    ending.trace().forEach(frame -> text.append("\n\t").append(frame));
    return text.toString();
  }

  /** The interpreter's process id, or -1 when none runs; for tests and benchmarks. */
  public synchronized long pid() {
    return child == null || !child.isAlive() ? -1 : child.pid();
  }

  /** Makes the command line of a new interpreter process. */
  @FunctionalInterface
  interface Launcher {
    InterpreterLaunch.Launch prepare() throws IOException;
  }

  /** Stops the process, ending the sessions in it with an error; for tests. */
  public synchronized void kill() {
    if (child != null) {
      child.kill("killed by the drone");
    }
  }
}

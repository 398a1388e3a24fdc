package hangar.drone;

import hangar.HangarException;
import hangar.autoserv.Autoserv;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;

/**
 * Runs one session to its end on a drone; the seam between the drone daemon and autoserv.
 *
 * <p>Contract, as {@link Autoserv#run}: test failures are outcomes, not exceptions; an interrupt of
 * the calling thread aborts the session (kills its processes) and returns {@code Verdict.ABORT}.
 */
@FunctionalInterface
public interface SessionRunner {
  /**
   * Runs the session on the calling thread until it ends.
   *
   * @param spec the session
   * @return how it ended
   */
  SessionOutcome run(SessionSpec spec);

  /**
   * The production runner: a new {@link Autoserv} per call site, stamping with {@code clock}.
   *
   * @param clock the clock autoserv stamps status lines with
   * @return a runner that runs sessions with autoserv
   */
  static SessionRunner autoserv(Clock clock) {
    return Autoserv.create(clock)::run;
  }

  /**
   * The production runner reaching hosts over SSH with these keys and known hosts, and running
   * tests from this library.
   *
   * @param clock the clock autoserv stamps status lines with
   * @param ssh keys and known hosts ({@code [SSH]} of the configuration)
   * @param library the built-in tests and the users' ({@code [AUTOSERV] tests_path})
   */
  static SessionRunner autoserv(
      Clock clock, hangar.host.SshSettings ssh, hangar.testlib.TestLibrary library) {
    return Autoserv.create(clock, hangar.autoserv.StatusListener.NONE, ssh, library)::run;
  }

  /**
   * The production runner of a drone daemon: as {@link #autoserv(Clock, hangar.host.SshSettings,
   * hangar.testlib.TestLibrary)}, with the control-file interpreter its {@code [AUTOSERV]} asks
   * for.
   *
   * @param interpreter the interpreter's user, heap and CPU time
   */
  static SessionRunner autoserv(
      Clock clock,
      hangar.host.SshSettings ssh,
      hangar.testlib.TestLibrary library,
      hangar.autoserv.InterpreterSettings interpreter) {
    return Autoserv.create(
            clock,
            hangar.autoserv.StatusListener.NONE,
            ssh,
            library,
            hangar.autoserv.Interpreter.shared(interpreter))
        ::run;
  }

  /**
   * For tests only: a runner of the named class, made with its public no-argument constructor. A
   * drone started as a child JVM picks its runner this way ({@code hangar drone --runner CLASS}).
   *
   * @param className a class on the classpath implementing {@link SessionRunner}
   * @return a new instance of it
   * @throws HangarException if the class is missing, is no runner, or cannot be made
   */
  static SessionRunner forClassName(String className) {
    try {
      Class<?> type = Class.forName(className);
      if (!SessionRunner.class.isAssignableFrom(type)) {
        throw new HangarException(
            "runner class " + className + " does not implement " + SessionRunner.class.getName());
      }
      return (SessionRunner) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new HangarException(
          "runner class " + className + " is not on the classpath; check --runner", e);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new HangarException(
          "cannot make runner " + className + " with a public no-argument constructor: " + cause,
          cause);
    }
  }
}

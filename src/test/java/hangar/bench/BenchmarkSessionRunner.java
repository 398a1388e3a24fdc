package hangar.bench;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.drone.SessionRunner;

/**
 * The drone stand-in's sessions for the scheduler benchmark: a session whose control file is {@code
 * hold} runs until aborted (the lab's long-running work), every other one passes at once, so what
 * is measured is the scheduler and the drone protocol, not the tests. Made by name in the drone
 * daemon's JVM ({@code hangar drone --runner}).
 */
public final class BenchmarkSessionRunner implements SessionRunner {
  /** The control file text of a session that runs until aborted. */
  public static final String HOLD = "hold";

  /** Made by name in the daemon JVM. */
  public BenchmarkSessionRunner() {}

  @Override
  public SessionOutcome run(SessionSpec spec) {
    if (!spec.controlFile().equals(HOLD)) {
      return new SessionOutcome(Verdict.GOOD, "");
    }
    try {
      Thread.sleep(Long.MAX_VALUE);
      throw new IllegalStateException("a held session woke up on its own");
    } catch (InterruptedException e) {
      return new SessionOutcome(Verdict.ABORT, "released");
    }
  }
}

package hangar.autoserv;

import java.time.Clock;

/** Runs one control file against its hosts and writes the results folder. (Skeleton.) */
public final class Autoserv {
  private final Clock clock;

  private Autoserv(Clock clock) {
    this.clock = clock;
  }

  /** Creates an autoserv that stamps status lines with the given clock. */
  public static Autoserv create(Clock clock) {
    return new Autoserv(clock);
  }

  /**
   * Runs the session to its end. Test failures are outcomes, not exceptions; an interrupt of the
   * calling thread aborts the session (its commands are killed) and gives {@link Verdict#ABORT}.
   */
  public SessionOutcome run(SessionSpec spec) {
    throw new UnsupportedOperationException("autoserv not written yet " + spec + clock);
  }
}

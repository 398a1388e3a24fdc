package hangar.drone;

import hangar.autoserv.SessionOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * What a drone knows of one session.
 *
 * @param sessionId the session
 * @param running true while it runs
 * @param outcome how it ended, or null while running
 * @param startedOn when the drone started it
 * @param finishedOn when it ended, or null
 */
public record SessionState(
    String sessionId,
    boolean running,
    SessionOutcome outcome,
    Instant startedOn,
    Instant finishedOn) {
  public SessionState {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(startedOn, "startedOn");
    if (!running && outcome == null) {
      throw new IllegalArgumentException("finished session " + sessionId + " has no outcome");
    }
  }
}

package hangar.drone;

import hangar.autoserv.SessionSpec;
import java.util.Objects;

/**
 * What the session journal holds of a session: the spec the drone took and the session's latest
 * state.
 *
 * @param spec the session as the scheduler sent it
 * @param state running, or finished with its outcome
 */
record SessionFile(SessionSpec spec, SessionState state) {
  SessionFile {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    if (!spec.sessionId().equals(state.sessionId())) {
      throw new IllegalArgumentException(
          "session file mixes " + spec.sessionId() + " and " + state.sessionId() + "; bug");
    }
  }
}

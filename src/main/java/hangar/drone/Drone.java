package hangar.drone;

import hangar.autoserv.SessionSpec;
import java.util.List;

/** A machine that runs autoserv sessions for the scheduler. (Skeleton.) */
public sealed interface Drone permits LocalDrone {
  /** The drone's name as in the {@code drones} key. */
  String name();

  /** Starts a session; returns once the drone has taken it. */
  void start(SessionSpec spec);

  /** Asks the drone to abort a running session; a no-op for an unknown or finished one. */
  void abort(String sessionId);

  /** Every session the drone still remembers, running or finished. */
  List<SessionState> sessions();

  /** Lets the drone drop a finished session it reported. */
  void forget(String sessionId);
}

package hangar.drone;

import hangar.autoserv.SessionSpec;
import java.util.List;
import java.util.Map;

/** A machine that runs autoserv sessions for the scheduler. */
public sealed interface Drone permits LocalDrone {
  /** The drone's name as in the {@code drones} key. */
  String name();

  /** Starts a session; returns once the drone has taken it. */
  void start(SessionSpec spec);

  /**
   * Starts many sessions in one exchange with the drone, each as {@link #start} would.
   *
   * @return the sessions the drone refused, by session id; empty when it took them all
   */
  Map<String, DroneRequestException> startAll(List<SessionSpec> specs);

  /** Asks the drone to abort a running session; a no-op for an unknown or finished one. */
  void abort(String sessionId);

  /** Every session the drone still remembers, running or finished. */
  List<SessionState> sessions();

  /** Lets the drone drop a finished session it reported. */
  void forget(String sessionId);

  /**
   * Lets the drone drop many finished sessions in one exchange.
   *
   * @return the sessions the drone refused to drop (still running), by session id
   */
  Map<String, DroneRequestException> forgetAll(List<String> sessionIds);
}

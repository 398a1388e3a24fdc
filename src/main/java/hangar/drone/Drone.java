package hangar.drone;

import hangar.autoserv.SessionSpec;
import hangar.results.ParsedResults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A machine that runs autoserv sessions for the scheduler. */
public sealed interface Drone permits ProtocolDrone {
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

  /**
   * Waits until a session ends on the drone, at most {@code wait}, and returns how many have ended
   * since its daemon started; returns at once when that count is not {@code after} (pass -1 to
   * learn it). The scheduler's {@code EndWatch} calls it so that an end moves its entry at once.
   *
   * @throws DroneRequestException with code {@code bad-request} from a daemon that predates {@code
   *     watch}
   */
  long awaitEnds(long after, Duration wait);

  /** Who the drone is: its version, protocol and process. */
  DroneInfo ping();

  /**
   * Lists a path under the drone's results folder: a folder's children, or with {@code sums} every
   * file under it with its SHA-256.
   *
   * @throws DroneRequestException with code {@code not-found} if nothing is there
   */
  List<DroneFile> files(String path, boolean sums);

  /**
   * Reads at most {@code length} bytes (and at most {@link ResultsFiles#MAX_READ}) of a results
   * file from {@code offset}.
   *
   * @throws DroneRequestException with code {@code not-found} if the file is not there
   */
  DroneChunk read(String path, long offset, int length);

  /**
   * Reads whole files of a results folder in one exchange, in the order given, as many as fit
   * {@link ResultsFiles#MAX_READ} bytes (at least the first): ask again for the rest.
   *
   * @param folder the folder under the drone's results folder
   * @param files the files, relative to it, each at most {@link ResultsFiles#MAX_READ} bytes
   * @return the files read, by name
   * @throws DroneRequestException with code {@code bad-request} from a drone older than protocol 6,
   *     which does not know the request
   */
  Map<String, byte[]> readWhole(String folder, List<String> files);

  /** Deletes a results folder on the drone; nothing for one already gone. */
  void purge(String path);

  /**
   * Parses a session's results folder on the drone (its {@code status.log}, keyvals and test
   * folders) and returns the records, for the scheduler to write into the results database.
   *
   * @throws DroneRequestException with code {@code not-found} if the folder is not there
   */
  ParsedResults parse(String path);

  /**
   * Where sessions on this drone write their results, on the drone's machine, when that is not the
   * server's results folder (and results must be transferred); empty when it is.
   */
  Optional<String> resultsRoot();
}

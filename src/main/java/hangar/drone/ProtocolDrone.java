package hangar.drone;

import hangar.autoserv.SessionSpec;
import hangar.results.ParsedResults;
import java.util.List;
import java.util.Map;

/**
 * A drone reached by the line protocol, whatever carries the lines: a Unix socket, an SSH channel
 * or a worker's link. Every request is sent through the subclass's {@link ProtocolClient}.
 *
 * <p>Each call throws {@link DroneUnreachableException} when the drone does not answer (or is
 * shutting down), and {@link DroneRequestException} when it refuses the request.
 */
public abstract sealed class ProtocolDrone implements Drone
    permits LocalDrone, RemoteDrone, WorkerDrone {
  ProtocolDrone() {}

  /** The client that carries this drone's requests. */
  abstract ProtocolClient client();

  /**
   * {@inheritDoc}
   *
   * <p>Idempotent: a session id the drone already knows, running or finished, is not run again.
   */
  @Override
  public void start(SessionSpec spec) {
    client().call(new Request.Start(spec));
  }

  @Override
  public Map<String, DroneRequestException> startAll(List<SessionSpec> specs) {
    return client().startAll(specs);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns once the abort is asked; the session shows finished with {@code ABORT} when its
   * processes are gone.
   */
  @Override
  public final void abort(String sessionId) {
    client().call(new Request.Abort(sessionId));
  }

  /** {@inheritDoc} Carried like any request; {@link RemoteDrone} carries it on its own channel. */
  @Override
  public long awaitEnds(long after, java.time.Duration wait) {
    return client().watch(after, wait);
  }

  @Override
  public final List<SessionState> sessions() {
    return client().sessions();
  }

  /**
   * {@inheritDoc}
   *
   * @throws DroneRequestException with code {@code session-running} if the session still runs
   */
  @Override
  public final void forget(String sessionId) {
    client().call(new Request.Forget(sessionId));
  }

  @Override
  public final Map<String, DroneRequestException> forgetAll(List<String> sessionIds) {
    return client().forgetAll(sessionIds);
  }

  @Override
  public final DroneInfo ping() {
    return client().ping();
  }

  @Override
  public final List<DroneFile> files(String path, boolean sums) {
    return client().files(path, sums);
  }

  @Override
  public final DroneChunk read(String path, long offset, int length) {
    return client().read(path, offset, length);
  }

  @Override
  public final Map<String, byte[]> readWhole(String folder, List<String> files) {
    return client().readWhole(folder, files);
  }

  @Override
  public final void purge(String path) {
    client().call(new Request.Purge(path));
  }

  @Override
  public final ParsedResults parse(String path) {
    return client().parse(path);
  }
}

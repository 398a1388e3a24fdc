package hangar.drone;

import hangar.autoserv.SessionSpec;
import java.util.List;

/** The {@code localhost} drone: a process of its own on this machine. (Skeleton.) */
public final class LocalDrone implements Drone {
  @Override
  public String name() {
    return "localhost";
  }

  @Override
  public void start(SessionSpec spec) {
    throw new UnsupportedOperationException("not written yet " + spec);
  }

  @Override
  public void abort(String sessionId) {
    throw new UnsupportedOperationException("not written yet " + sessionId);
  }

  @Override
  public List<SessionState> sessions() {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public void forget(String sessionId) {
    throw new UnsupportedOperationException("not written yet " + sessionId);
  }
}

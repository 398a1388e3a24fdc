package hangar.drone;

import hangar.HangarException;

/** A second drone daemon was started on a drone folder that already has a live one. */
public class DroneAlreadyRunningException extends HangarException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the folder, the running daemon's pid and how to stop it
   */
  public DroneAlreadyRunningException(String message) {
    super(message);
  }
}

package hangar.drone;

import hangar.HangarException;

/**
 * A drone did not answer: it is not running, did not start in time, or dropped the connection. The
 * message names the drone's log file, where the reason usually is.
 */
public class DroneUnreachableException extends HangarException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, where the log is and what to try
   */
  public DroneUnreachableException(String message) {
    super(message);
  }

  /**
   * @param message what failed, where the log is and what to try
   * @param cause the low-level failure
   */
  public DroneUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package hangar.drone;

import hangar.HangarException;

/**
 * The drone understood a request and refused it, for example {@code forget} of a session that still
 * runs, or a session id that cannot name a file. The drone's state did not change.
 */
public class DroneRequestException extends HangarException {
  /** The code of a start refused because the session already ran there and was forgotten. */
  public static final String SESSION_FORGOTTEN = "session-forgotten";

  /** The code of a request the drone does not understand, such as one newer than its protocol. */
  public static final String BAD_REQUEST = "bad-request";

  private static final long serialVersionUID = 1L;

  private final String code;

  /**
   * @param code the protocol's error code, such as {@code session-running} or {@code bad-request}
   * @param message what was wrong and what to do instead
   */
  public DroneRequestException(String code, String message) {
    super(message + " [" + code + "]");
    this.code = code;
  }

  /** The protocol's error code, such as {@code session-running} or {@code bad-request}. */
  public String code() {
    return code;
  }
}

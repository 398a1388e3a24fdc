package hangar.store;

import hangar.HangarException;

/** The change would clash with what exists: a duplicate name, or a host in use. */
public class ConflictException extends HangarException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  /** With the exception that showed it, kept for the log, never shown to a client. */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}

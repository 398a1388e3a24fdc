package hangar.store;

import hangar.HangarException;

/** A host, label or job named by the caller does not exist. */
public class NotFoundException extends HangarException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  /** With the exception that showed it, kept for the log, never shown to a client. */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}

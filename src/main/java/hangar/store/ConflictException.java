package hangar.store;

import hangar.HangarException;

/** The change would clash with what exists: a duplicate name, or a host in use. */
public class ConflictException extends HangarException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}

package hangar.store;

import hangar.HangarException;

/** The database could not do what was asked: unreachable, not migratable, or a broken row. */
public class StoreException extends HangarException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

package hangar.store;

import hangar.lab.AclViolationException;

/** The user may not do this: for example, submit a server-side job without being an admin. */
public class ForbiddenException extends AclViolationException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}

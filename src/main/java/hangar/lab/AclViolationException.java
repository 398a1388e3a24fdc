package hangar.lab;

import hangar.HangarException;

/**
 * A user asked for what an access rule refuses: a job on a host its owner shares no ACL group with,
 * an abort of another user's job, an admin's action. The message names the rule and the way out;
 * the API answers 403.
 */
public class AclViolationException extends HangarException {
  private static final long serialVersionUID = 1L;

  public AclViolationException(String message) {
    super(message);
  }
}

package hangar.autoserv;

import hangar.HangarException;

/**
 * The session was aborted (its thread was interrupted) while the control file ran. Thrown out of
 * {@code job.run_test} so the control file stops; autoserv records the abort even if a control file
 * catches it.
 */
final class SessionAbortedException extends HangarException {
  private static final long serialVersionUID = 1L;

  SessionAbortedException(String message) {
    super(message);
  }
}

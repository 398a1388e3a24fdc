package hangar.autoserv.interpreter;

import hangar.HangarException;

/**
 * The session was aborted while its control file ran: thrown out of the DSL call that was waiting,
 * so the control file stops. The session ends ABORT even if the file catches it.
 */
final class ScriptAbortedException extends HangarException {
  private static final long serialVersionUID = 1L;

  ScriptAbortedException() {
    super(ControlFile.ABORT_REASON);
  }
}

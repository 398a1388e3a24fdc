package hangar.autoserv.interpreter;

import hangar.HangarException;

/**
 * A call of the DSL failed on the drone: a wrong argument, a command that failed, a host that broke
 * off. The control file may catch it; if it does not, the session ends with an ERROR that names
 * {@link #type()} and the message, as if the drone's exception had been thrown here.
 */
public final class CallFailedException extends HangarException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final Frame.FailureKind kind;

  private CallFailedException(String type, String message, Frame.FailureKind kind) {
    super(message);
    this.type = type;
    this.kind = kind;
  }

  static RuntimeException from(Frame.Failure failure) {
    if (failure.kind() == Frame.FailureKind.ABORTED) {
      return new ScriptAbortedException();
    }
    String type = failure.type() == null || failure.type().isBlank() ? "Error" : failure.type();
    return new CallFailedException(
        type,
        String.valueOf(failure.message()),
        failure.kind() == null ? Frame.FailureKind.OTHER : failure.kind());
  }

  /** The simple name of the drone's exception, shown in the control file's error. */
  public String type() {
    return type;
  }

  /** Whether the host failed, so the scheduler verifies it if the session ends on this. */
  boolean hostFailed() {
    return kind == Frame.FailureKind.HOST;
  }
}

package hangar.cli;

import hangar.HangarException;

/**
 * An expected failure of a CLI action: its message is printed on stderr, without a stack trace, and
 * the command exits with {@link #exitCode()}.
 */
class CliException extends HangarException {
  private static final long serialVersionUID = 1L;

  /** The exit status of an action that failed for a reason the user can act on. */
  static final int FAILURE = 1;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The status the command exits with. */
  int exitCode() {
    return FAILURE;
  }
}

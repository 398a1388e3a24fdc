package hangar.autoserv.interpreter;

import hangar.HangarException;
import java.util.OptionalInt;

/**
 * A control file could not be compiled, or threw while it ran. The message says which line and what
 * went wrong, for example {@code control file syntax error at line 3, column 7: unexpected input}.
 */
public final class ControlFileException extends HangarException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the line
   * @param line the control file's line, or 0 when not known
   * @param cause the compiler's or the script's exception
   */
  public ControlFileException(String message, int line, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** The control file's line (1-based), when known. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }
}

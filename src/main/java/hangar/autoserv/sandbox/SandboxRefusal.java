package hangar.autoserv.sandbox;

import java.io.Serial;

/**
 * A control file did something the sandbox refuses while it ran: called a method on a value that is
 * not its own, or went past a limit (its budget of steps, the size of a string or list). The script
 * stops; the session records an ERROR naming the line.
 *
 * <p>It is an {@link Error}, not an exception, on purpose: a control file's {@code catch (e)}
 * catches {@link Exception} only, so it cannot swallow the refusal and carry on.
 */
public final class SandboxRefusal extends Error {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the refusal.
   *
   * @param message what the control file did and what it may do instead
   */
  public SandboxRefusal(String message) {
    super(message);
  }
}

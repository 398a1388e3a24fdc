package hangar.host;

import hangar.HangarException;

/** A command could not be started on a test host (not: the command failed). */
public final class HostCommandException extends HangarException {
  private static final long serialVersionUID = 1L;

  private final String hostname;

  /**
   * Creates the exception.
   *
   * @param hostname the host
   * @param message what went wrong and what to check
   * @param cause the underlying error
   */
  public HostCommandException(String hostname, String message, Throwable cause) {
    super("host '" + hostname + "': " + message, cause);
    this.hostname = hostname;
  }

  /** The host the command was meant for. */
  public String hostname() {
    return hostname;
  }
}

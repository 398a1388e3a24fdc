package hangar;

/**
 * Root of every error Hangar raises on purpose. Subclasses name a situation the caller can act on;
 * every message names the thing, the value and the way out.
 */
public class HangarException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HangarException(String message) {
    super(message);
  }

  public HangarException(String message, Throwable cause) {
    super(message, cause);
  }
}

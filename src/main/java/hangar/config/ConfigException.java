package hangar.config;

import hangar.HangarException;

/**
 * A configuration file that cannot be used. A wrong value reads {@code file:line: key: reason},
 * where the reason names the accepted values; a file that cannot be found or read reads {@code
 * file: reason}.
 */
public class ConfigException extends HangarException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a complete message.
   *
   * @param message the whole message, already naming file, line and key
   */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a complete message and the error that caused it.
   *
   * @param message the whole message, already naming the file
   * @param cause the underlying error, usually an {@link java.io.IOException}
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

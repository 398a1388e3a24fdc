package hangar.config;

import hangar.HangarException;

/** A configuration file that cannot be used: the message reads {@code file:line: key: reason}. */
public class ConfigException extends HangarException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}

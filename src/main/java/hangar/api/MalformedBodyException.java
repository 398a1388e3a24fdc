package hangar.api;

import hangar.HangarException;

/** A request body that is not JSON of the route's shape; the message says which field and why. */
final class MalformedBodyException extends HangarException {
  private static final long serialVersionUID = 1L;

  MalformedBodyException(String message, Throwable cause) {
    super(message, cause);
  }
}

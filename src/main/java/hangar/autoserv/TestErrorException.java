package hangar.autoserv;

import hangar.HangarException;

/** A test could not do its job: bad arguments, unknown test, a timeout (status ERROR). */
final class TestErrorException extends HangarException {
  private static final long serialVersionUID = 1L;

  TestErrorException(String message) {
    super(message);
  }

  TestErrorException(String message, Throwable cause) {
    super(message, cause);
  }
}

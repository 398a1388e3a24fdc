package hangar.testlib;

import hangar.HangarException;

/** A test could not do its job: bad arguments, unknown test, a timeout (status ERROR). */
public final class TestErrorException extends HangarException {
  private static final long serialVersionUID = 1L;

  public TestErrorException(String message) {
    super(message);
  }

  public TestErrorException(String message, Throwable cause) {
    super(message, cause);
  }
}

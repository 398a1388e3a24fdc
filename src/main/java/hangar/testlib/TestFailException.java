package hangar.testlib;

import hangar.HangarException;

/** The host failed a test: the test ran and did not like what it saw (status FAIL). */
public final class TestFailException extends HangarException {
  private static final long serialVersionUID = 1L;

  public TestFailException(String message) {
    super(message);
  }
}

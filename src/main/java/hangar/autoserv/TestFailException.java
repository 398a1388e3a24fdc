package hangar.autoserv;

import hangar.HangarException;

/** The host failed a test: the test ran and did not like what it saw (status FAIL). */
final class TestFailException extends HangarException {
  private static final long serialVersionUID = 1L;

  TestFailException(String message) {
    super(message);
  }
}

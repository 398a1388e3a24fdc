package hangar.testlib;

import hangar.HangarException;

/**
 * The test does not apply to this host, typically because its tool is not installed (status
 * TEST_NA). Nothing failed; the message says what was missing and how to get it.
 */
public final class TestNotApplicableException extends HangarException {
  private static final long serialVersionUID = 1L;

  public TestNotApplicableException(String message) {
    super(message);
  }
}

package hangar.testlib;

/**
 * A test a client control file can run with {@code job.run_test(name, ...)}, in the three phases of
 * Autotest's {@code test} class. A new built-in test is a class implementing this and one line in
 * {@link TestLibrary}; a user's test needs no Java at all (see {@link UserTest}).
 *
 * <p>A phase ends the test with {@link TestFailException} (the host failed the test: FAIL), {@link
 * TestErrorException} (the test could not do its job: ERROR) or {@link TestNotApplicableException}
 * (the test does not apply to the host: TEST_NA). Returning normally from all three phases is GOOD.
 */
public interface ClientTest {
  /** Prepares the host (checks or installs tools, builds); the default does nothing. */
  default void setup(TestContext context) throws InterruptedException {}

  /** Runs the test on the host. */
  void run(TestContext context) throws InterruptedException;

  /** Turns what {@link #run} left behind into keyvals and a verdict; the default does nothing. */
  default void postprocess(TestContext context) throws InterruptedException {}
}

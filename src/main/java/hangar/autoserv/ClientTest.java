package hangar.autoserv;

/**
 * A test a client control file can run with {@code job.run_test(name, ...)}, in the three phases of
 * Autotest's {@code test} class. A new test is a class implementing this and one line in {@link
 * ClientTests}; the control-file DSL does not change.
 *
 * <p>A phase ends the test with {@link TestFailException} (the host failed the test: FAIL) or
 * {@link TestErrorException} (the test could not do its job: ERROR). Returning normally from all
 * three phases is GOOD.
 */
interface ClientTest {
  /** Prepares the host (build, install); the default does nothing. */
  default void setup(TestContext context) throws InterruptedException {}

  /** Runs the test on the host. */
  void run(TestContext context) throws InterruptedException;

  /** Turns what {@link #run} left behind into keyvals and a verdict; the default does nothing. */
  default void postprocess(TestContext context) throws InterruptedException {}
}

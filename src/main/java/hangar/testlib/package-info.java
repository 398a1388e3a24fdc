/**
 * The test library: the tests a control file runs with {@code job.run_test} ({@code sleeptest},
 * {@code shell}, {@code dbench}, {@code tbench}, {@code fio}, {@code stress-ng}, {@code bonnie},
 * {@code fsx}, {@code kernbench}) and the users' own declarative tests from the tests path. Each
 * test has Autotest's three phases (setup, run, postprocess), writes its output under {@code
 * <test>/debug/} and its measurements as iteration keyvals in {@code <test>/results/keyval}. {@link
 * hangar.testlib.TestLibrary} finds a test by name; {@link hangar.testlib.TestContext} is what a
 * running test may use.
 */
package hangar.testlib;

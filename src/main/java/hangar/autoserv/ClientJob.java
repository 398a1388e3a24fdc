package hangar.autoserv;

import java.util.Arrays;
import java.util.Map;

/**
 * The {@code job} a client control file sees, after Autotest's client job:
 *
 * <pre>{@code
 * job.run_test('sleeptest', seconds: 1)
 * job.run_test('sleeptest', 1)
 * job.run_test('shell', command: 'uname -a', timeout: 30, tag: 'uname')
 * }</pre>
 *
 * <p>Groovy passes named arguments as a leading {@link Map}, so {@code run_test('x', a: 1)} lands
 * in {@link #run_test(Map, String, Object...)} and {@code run_test('x', 1)} in {@link
 * #run_test(String, Object...)}. Method names keep Autotest's spelling so control files read the
 * same.
 */
public final class ClientJob {
  private final Session session;

  ClientJob(Session session) {
    this.session = session;
  }

  /**
   * Runs a test with positional arguments only.
   *
   * @param name the test, for example {@code sleeptest}
   * @param positional its arguments in order
   * @return true when the test passed (GOOD); a failure is recorded in the status log, not thrown
   */
  public boolean run_test(String name, Object... positional) {
    return session.runTest(name, Map.of(), Arrays.asList(positional));
  }

  /**
   * Runs a test with named arguments (and optionally positional ones). The named argument {@code
   * tag} works for every test: it runs the test in subdir {@code <name>.<tag>}, so a test can run
   * twice in one job.
   *
   * @param named the named arguments
   * @param name the test
   * @param positional its positional arguments
   * @return true when the test passed (GOOD)
   */
  public boolean run_test(Map<String, Object> named, String name, Object... positional) {
    return session.runTest(name, named, Arrays.asList(positional));
  }

  @Override
  public String toString() {
    return "job " + session.jobLabel();
  }
}

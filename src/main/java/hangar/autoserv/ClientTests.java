package hangar.autoserv;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** The tests a client control file can name in {@code job.run_test}. */
final class ClientTests {
  /** Test name to the factory that reads its arguments; add new tests here. */
  private static final Map<String, Function<TestArguments, ClientTest>> TESTS =
      Map.of(SleepTest.NAME, SleepTest::of, ShellTest.NAME, ShellTest::of);

  private ClientTests() {}

  /**
   * Builds the named test from its arguments.
   *
   * @return the test, or empty for a name no test has
   * @throws TestErrorException if the arguments do not suit the test
   */
  static Optional<ClientTest> create(TestArguments arguments) {
    return Optional.ofNullable(TESTS.get(arguments.test()))
        .map(factory -> factory.apply(arguments));
  }

  /** Every test name, sorted, for messages. */
  static String names() {
    return String.join(", ", new TreeMap<>(TESTS).keySet());
  }
}

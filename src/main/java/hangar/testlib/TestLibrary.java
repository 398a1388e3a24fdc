package hangar.testlib;

import hangar.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tests a client control file can name in {@code job.run_test}: the built-in ones and the
 * users' own from the tests path ({@code [AUTOSERV] tests_path}). A user's folder that has the name
 * of a built-in test is ignored with a warning, so a control file always means the same thing by
 * {@code dbench}; of two folders with one name, the first on the path wins.
 */
public final class TestLibrary {
  /** Test name to the factory that reads its arguments; add new built-in tests here. */
  private static final Map<String, Function<TestArguments, ClientTest>> BUILT_IN =
      Map.of(
          SleepTest.NAME, SleepTest::of,
          ShellTest.NAME, ShellTest::of,
          DbenchTest.NAME, DbenchTest::of,
          TbenchTest.NAME, TbenchTest::of,
          FioTest.NAME, FioTest::of,
          StressNgTest.NAME, StressNgTest::of,
          BonnieTest.NAME, BonnieTest::of,
          FsxTest.NAME, FsxTest::of,
          KernbenchTest.NAME, KernbenchTest::of,
          Iperf3Test.NAME, Iperf3Test::of);

  private final Map<String, Path> userTests;
  private final List<String> warnings;

  private TestLibrary(Map<String, Path> userTests, List<String> warnings) {
    this.userTests = Collections.unmodifiableMap(userTests);
    this.warnings = List.copyOf(warnings);
  }

  /** Only the built-in tests. */
  public static TestLibrary builtIn() {
    return new TestLibrary(new TreeMap<>(), List.of());
  }

  /**
   * The built-in tests and every folder with a {@code test.ini} in the given folders. A folder on
   * the path that does not exist is a warning, not an error: the drone may mount it later. Each
   * test's {@code test.ini} is read when a control file runs it, so an edit needs no restart and a
   * mistake in one test does not hide the others.
   */
  public static TestLibrary load(List<Path> testsPath) {
    Map<String, Path> found = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    for (Path root : testsPath) {
      if (!Files.isDirectory(root)) {
        warnings.add("tests path " + root + " is not a folder; no tests read from it");
        continue;
      }
      try (Stream<Path> children = Files.list(root)) {
        for (Path dir : children.sorted().toList()) {
          if (!Files.isRegularFile(dir.resolve(UserTest.DEFINITION))) {
            continue;
          }
          String name = dir.getFileName().toString();
          if (BUILT_IN.containsKey(name)) {
            warnings.add(dir + " is ignored: " + name + " is a built-in test; rename the folder");
          } else if (found.containsKey(name)) {
            warnings.add(dir + " is ignored: " + found.get(name) + " has the same name");
          } else {
            found.put(name, dir);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list tests path " + root, e);
      }
    }
    return new TestLibrary(found, warnings);
  }

  /** What {@link #load} noticed and skipped, for the log. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Builds the named test from its arguments.
   *
   * @return the test, or empty for a name no test has
   * @throws TestErrorException if the arguments do not suit the test, or a user test's {@code
   *     test.ini} is wrong
   */
  public Optional<ClientTest> create(TestArguments arguments) {
    Function<TestArguments, ClientTest> builtIn = BUILT_IN.get(arguments.test());
    if (builtIn != null) {
      return Optional.of(builtIn.apply(arguments));
    }
    Path dir = userTests.get(arguments.test());
    if (dir == null) {
      return Optional.empty();
    }
    UserTest.Definition definition;
    try {
      definition = UserTest.read(dir);
    } catch (ConfigException e) {
      throw new TestErrorException(e.getMessage(), e);
    }
    return Optional.of(UserTest.of(definition, arguments));
  }

  /** Every test name, sorted, for messages. */
  public String names() {
    TreeSet<String> names = new TreeSet<>(BUILT_IN.keySet());
    names.addAll(userTests.keySet());
    return String.join(", ", names);
  }

  @Override
  public String toString() {
    return "TestLibrary" + (userTests.isEmpty() ? "" : userTests.keySet());
  }
}

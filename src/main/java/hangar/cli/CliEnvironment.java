package hangar.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI reads from around it: environment variables, the token file it falls back to, and
 * the clock {@code job watch} measures its timeout with. Commands read {@link #current()}; tests
 * {@link #install} their own so no test depends on the real environment.
 *
 * @param variables environment variables by name
 * @param defaultTokenFile the token file read when neither {@code --token} nor {@code HANGAR_TOKEN}
 *     gives one
 * @param clock the time source for deadlines
 */
record CliEnvironment(Map<String, String> variables, Path defaultTokenFile, Clock clock) {
  private static volatile CliEnvironment current = system();

  CliEnvironment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(defaultTokenFile, "defaultTokenFile");
    Objects.requireNonNull(clock, "clock");
  }

  /** The real process environment, {@link ApiOptions#DEFAULT_TOKEN_FILE} and the UTC clock. */
  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), ApiOptions.DEFAULT_TOKEN_FILE, Clock.systemUTC());
  }

  /** The environment commands read now. */
  static CliEnvironment current() {
    return current;
  }

  /**
   * Makes {@code environment} the one commands read, for tests.
   *
   * @return the environment it replaces, to put back afterwards
   */
  static CliEnvironment install(CliEnvironment environment) {
    CliEnvironment previous = current;
    current = Objects.requireNonNull(environment, "environment");
    return previous;
  }

  /** The variable's value, or null when it is unset or blank. */
  String variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}

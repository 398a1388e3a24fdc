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
 * @param defaultTokenFile the admin token file of a data directory, read last
 * @param userTokenFile the user's own token file that {@code hangar login} writes, read when
 *     neither {@code --token} nor {@code HANGAR_TOKEN} gives a token; null for none
 * @param clock the time source for deadlines
 */
record CliEnvironment(
    Map<String, String> variables, Path defaultTokenFile, Path userTokenFile, Clock clock) {
  private static volatile CliEnvironment current = system();

  CliEnvironment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(defaultTokenFile, "defaultTokenFile");
    Objects.requireNonNull(clock, "clock");
  }

  /** An environment without a user token file, for tests. */
  CliEnvironment(Map<String, String> variables, Path defaultTokenFile, Clock clock) {
    this(variables, defaultTokenFile, null, clock);
  }

  /**
   * The real process environment, {@code ~/.config/hangar/token} (or under {@code
   * $XDG_CONFIG_HOME}), {@link ApiOptions#DEFAULT_TOKEN_FILE} and the UTC clock.
   */
  static CliEnvironment system() {
    Map<String, String> env = System.getenv();
    String config = env.get("XDG_CONFIG_HOME");
    Path configHome =
        config != null && !config.isBlank()
            ? Path.of(config)
            : Path.of(System.getProperty("user.home", "/"), ".config");
    return new CliEnvironment(
        env,
        ApiOptions.DEFAULT_TOKEN_FILE,
        configHome.resolve("hangar").resolve("token"),
        Clock.systemUTC());
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

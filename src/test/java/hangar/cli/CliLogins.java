package hangar.cli;

import hangar.testing.CliRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Runs the CLI in this JVM as a user whose {@code ~/.config/hangar/token} is {@code tokenFile}: for
 * tests of {@code hangar login} and {@code logout} outside this package.
 */
public final class CliLogins {
  private CliLogins() {}

  /** {@code hangar login --user LOGIN --password-stdin --server URL}, with the password piped. */
  public static CliRunner.Result login(String url, Path tokenFile, String login, String password) {
    CliEnvironment previous = install(tokenFile);
    try {
      return CliRunner.runWithInput(
          password + "\n", "login", "--user", login, "--password-stdin", "--server", url);
    } finally {
      CliEnvironment.install(previous);
    }
  }

  /** {@code hangar ARGS...} with that token file and nothing else to find a token in. */
  public static CliRunner.Result run(Path tokenFile, String... args) {
    CliEnvironment previous = install(tokenFile);
    try {
      return CliRunner.run(args);
    } finally {
      CliEnvironment.install(previous);
    }
  }

  private static CliEnvironment install(Path tokenFile) {
    Path noAdminToken = tokenFile.resolveSibling("no-admin.token");
    return CliEnvironment.install(
        new CliEnvironment(Map.of(), noAdminToken, tokenFile, Clock.systemUTC()));
  }
}

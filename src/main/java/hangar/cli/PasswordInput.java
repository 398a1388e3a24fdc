package hangar.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password: from the terminal without echo (asked twice when it is a new one), or the first
 * line of standard input with {@code --password-stdin}, for scripts. Never from the command line,
 * where other users of the machine would see it in the process list.
 */
final class PasswordInput {
  private PasswordInput() {}

  /**
   * Reads one password.
   *
   * @param fromStdin true to read the first line of standard input
   * @param prompt what the terminal shows, as "Password for alice: "
   * @param confirm true to ask twice on a terminal, for a new password
   * @throws CliException when there is no terminal to ask on, or the two entries differ
   */
  static String read(boolean fromStdin, String prompt, boolean confirm) {
    if (fromStdin) {
      try {
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new CliException("--password-stdin: standard input held no password line");
        }
        return line;
      } catch (IOException e) {
        throw new CliException(
            "cannot read the password from standard input: " + e.getMessage(), e);
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(
          "no terminal to ask the password on; pipe it in with --password-stdin");
    }
    char[] first = console.readPassword("%s", prompt);
    if (first == null) {
      throw new CliException("no password was entered");
    }
    if (confirm) {
      char[] again = console.readPassword("%s", "Again: ");
      if (again == null || !Arrays.equals(first, again)) {
        throw new CliException("the two passwords differ; nothing was changed");
      }
      Arrays.fill(again, ' ');
    }
    String password = new String(first);
    Arrays.fill(first, ' ');
    return password;
  }
}

package hangar.host;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for POSIX shells, so that an argument reaches a remote command as one word. */
public final class Shell {
  private Shell() {}

  /** The text as one single-quoted shell word. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** An argument list as a command line whose words are exactly these arguments. */
  public static String join(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least its program");
    }
    return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}

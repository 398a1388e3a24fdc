package hangar.testing;

import hangar.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code hangar ARGS...} in this JVM, as the launcher would, and captures its output. */
public final class CliRunner {
  private CliRunner() {}

  /**
   * What one run printed and how it exited.
   *
   * @param exitCode the exit status
   * @param out what went to stdout
   * @param err what went to stderr
   */
  public record Result(int exitCode, String out, String err) {}

  private static final java.util.concurrent.locks.ReentrantLock STDIN =
      new java.util.concurrent.locks.ReentrantLock();

  /** Runs the CLI with these arguments and {@code input} as its standard input. */
  public static Result runWithInput(String input, String... args) {
    STDIN.lock();
    java.io.InputStream previous = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return run(args);
    } finally {
      System.setIn(previous);
      STDIN.unlock();
    }
  }

  /** Runs the CLI with these arguments. */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}

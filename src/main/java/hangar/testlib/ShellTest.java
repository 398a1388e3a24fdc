package hangar.testlib;

import hangar.host.CommandResult;
import hangar.host.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code shell}: runs {@code command} with {@code /bin/sh -c} on the host. Exit status 0 is GOOD,
 * any other is FAIL; running past {@code timeout} seconds kills it and is an ERROR. Records the
 * exit status and the run time in {@code results/keyval}.
 */
final class ShellTest implements ClientTest {
  static final String NAME = "shell";

  private final String command;
  private final Duration timeout;

  private ShellTest(String command, Duration timeout) {
    this.command = command;
    this.timeout = timeout;
  }

  /** Reads {@code command} (by name or first position) and {@code timeout} (by name or second). */
  static ShellTest of(TestArguments arguments) {
    arguments.checkOnly(List.of("command", "timeout"), 2);
    String command = arguments.requireText("command", 0);
    if (command.isBlank()) {
      throw new TestErrorException("shell needs a non-empty command");
    }
    Duration timeout = arguments.findSeconds("timeout", 1).orElse(TestHost.NO_TIMEOUT);
    if (timeout.isZero()) {
      throw new TestErrorException("shell timeout must be more than 0 seconds");
    }
    return new ShellTest(command, timeout);
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    CommandResult result = context.runOnHost(command, timeout);
    context.writeKeyval(
        "elapsed_seconds{perf}",
        String.format(Locale.ROOT, "%.3f", result.elapsed().toNanos() / 1e9));
    if (result.timedOut()) {
      throw new TestErrorException("timed out after " + seconds(timeout) + "s");
    }
    context.writeKeyval("exit_status{attr}", result.exitStatus());
    if (result.exitStatus() != 0) {
      throw new TestFailException("command exited with status " + result.exitStatus());
    }
  }

  private static String seconds(Duration duration) {
    return duration.toNanosPart() == 0
        ? Long.toString(duration.toSeconds())
        : String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
  }
}

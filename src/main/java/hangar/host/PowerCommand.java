package hangar.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Runs a host's power command on this machine, as a drone would: the host may well be off. */
public final class PowerCommand {
  private static final int MAX_OUTPUT = 64 * 1024;

  private PowerCommand() {}

  /**
   * Runs {@code command} with {@code /bin/sh -c}, killed with everything it started after {@code
   * timeout}.
   *
   * @param hostname the host it is for, for messages
   * @return how it ended, with the last 64 KB of its output and errors
   */
  public static Result run(String hostname, String command, Duration timeout)
      throws InterruptedException {
    Path output = null;
    try (LocalHost here = LocalHost.create(Clock.systemUTC())) {
      output = Files.createTempFile("hangar-power-", ".out");
      CommandResult result = here.run(command, output, output, timeout);
      byte[] bytes = Files.readAllBytes(output);
      int from = Math.max(0, bytes.length - MAX_OUTPUT);
      return new Result(
          result.exitStatus(),
          result.timedOut(),
          new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HostCommandException(
          hostname, "cannot run the power command '" + command + "': " + e.getMessage(), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove " + output, e);
        }
      }
    }
  }

  /**
   * How a power command ended.
   *
   * @param exitStatus its exit status; meaningless when it timed out
   * @param timedOut true when it was killed for running too long
   * @param output the end of what it printed
   */
  public record Result(int exitStatus, boolean timedOut, String output) {}
}

package hangar.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's console, kept in a file while a session runs: its console command ({@code telnet pdu1
 * 6000}, {@code ipmitool ... sol activate}, {@code picocom -b 115200 /dev/ttyUSB0}) runs on the
 * drone with its output appended to {@code console.log}, so a host that hangs mid-test still leaves
 * its last words. Its standard input stays open (and silent), since many console tools stop at end
 * of input. Closing it stops the command and everything it started.
 */
public final class ConsoleCapture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleCapture.class);

  private final Process process;
  private final String command;

  private ConsoleCapture(Process process, String command) {
    this.process = process;
    this.command = command;
  }

  /**
   * Starts {@code command} with {@code /bin/sh -c}, its output and errors appended to {@code file}.
   *
   * @throws HostCommandException if it cannot be started
   */
  public static ConsoleCapture start(String hostname, String command, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      LOG.info("host={} console: started pid={}: {}", hostname, process.pid(), command);
      return new ConsoleCapture(process, command);
    } catch (IOException e) {
      throw new HostCommandException(
          hostname, "cannot start the console command '" + command + "': " + e.getMessage(), e);
    }
  }

  /** True while the console command runs; it may end on its own when the host's line drops. */
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      ProcessTrees.kill(process.toHandle(), ProcessTrees.KILL_GRACE);
      LOG.info("console: stopped pid={}: {}", process.pid(), command);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("console: closing the input of pid={} failed", process.pid(), e);
    }
  }
}

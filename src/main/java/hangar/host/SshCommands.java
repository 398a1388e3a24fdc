package hangar.host;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands over an {@link SshConnection}: one that runs to its end or its timeout, under a pid file
 * so that a timeout or an interrupt kills its whole process group, and one whose streams the caller
 * talks to.
 */
final class SshCommands {
  private static final Logger LOG = LoggerFactory.getLogger(SshCommands.class);

  /** The longest pause between two looks at a running command. */
  private static final long MAX_POLL_MILLIS = 200;

  private SshCommands() {}

  /** Runs a command as {@link SshHost#run(String, Path, Path, Duration)} documents. */
  static CommandResult run(
      SshConnection connection,
      Clock clock,
      String command,
      Path stdout,
      Path stderr,
      Duration timeout)
      throws InterruptedException {
    String hostname = connection.hostname();
    String pidFile = "/tmp/hangar-" + UUID.randomUUID() + ".pid";
    // The outer shell leads the command's process group (sshd starts it in a session of its
    // own) and writes its pid first, so that a kill reaches the whole tree.
    String wrapped =
        "echo $$ > "
            + pidFile
            + "; /bin/sh -c "
            + Shell.quote(command)
            + "; s=$?; rm -f "
            + pidFile
            + "; exit $s";
    Instant started = clock.instant();
    try (OutputStream out = new FileOutputStream(stdout.toFile(), true);
        OutputStream err = new FileOutputStream(stderr.toFile(), true);
        ChannelExec channel = connection.session().createExecChannel(wrapped)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      // Polls rather than waiting in MINA's waitFor, which ignores interrupts: an abort must end
      // the wait. The pause grows from 5 ms to 200 ms, so short commands return quickly.
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean interrupted = false;
      long pause = 5;
      while (!channel.isClosed() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(Math.max(1, Math.min(pause, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
        pause = Math.min(MAX_POLL_MILLIS, pause * 2);
      }
      boolean closed = channel.isClosed();
      if (!closed || interrupted) {
        LOG.info(
            "host={} command {} after {}; killing it: {}",
            hostname,
            interrupted ? "interrupted" : "timed out",
            timeout,
            command);
        kill(connection, pidFile);
        channel.close(true);
        if (interrupted) {
          throw new InterruptedException("interrupted while running on " + hostname);
        }
        return new CommandResult(-1, true, Duration.between(started, clock.instant()));
      }
      Integer status = channel.getExitStatus();
      if (status == null) {
        throw new HostCommandException(
            hostname,
            "the connection to "
                + connection.target()
                + " closed before the command ended; see the host's sshd log",
            null);
      }
      return new CommandResult(status, false, Duration.between(started, clock.instant()));
    } catch (IOException | IllegalStateException e) {
      // MINA throws IllegalStateException for a session that is closing: the host went away.
      throw new HostCommandException(
          hostname,
          "cannot run a command over SSH on " + connection.target() + ": " + e.getMessage(),
          e);
    }
  }

  /** Kills the command's process group: TERM, then KILL a second later. */
  private static void kill(SshConnection connection, String pidFile) {
    String killer =
        "p=$(cat "
            + pidFile
            + " 2>/dev/null) && { kill -TERM -- -$p 2>/dev/null; sleep 1;"
            + " kill -KILL -- -$p 2>/dev/null; }; rm -f "
            + pidFile;
    try (ChannelExec channel = connection.session().createExecChannel(killer)) {
      channel.open().verify(Duration.ofSeconds(30));
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "host={} could not kill a command over SSH; it may still run", connection.hostname(), e);
    }
  }

  /** Starts a command as {@link SshHost#openStream(String)} documents. */
  static SshHost.CommandStream openStream(SshConnection connection, String command) {
    try {
      ChannelExec channel = connection.session().createExecChannel(command);
      channel.setRedirectErrorStream(false);
      channel.setErr(new LogLines(connection.hostname()));
      channel.open().verify(Duration.ofSeconds(30));
      return new SshHost.CommandStream(channel);
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          connection.hostname(),
          "cannot start " + command + " over SSH on " + connection.target() + ": " + e,
          e);
    }
  }

  /** Logs a remote command's standard error line by line. */
  private static final class LogLines extends OutputStream {
    private final String hostname;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogLines(String hostname) {
      this.hostname = hostname;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        LOG.info("host={} stderr: {}", hostname, line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (line.size() < 8192) {
        line.write(b);
      }
    }
  }
}

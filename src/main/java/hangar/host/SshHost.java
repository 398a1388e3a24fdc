package hangar.host;

import hangar.HangarException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A host reached over SSH with public keys. One connection carries every command of the host's
 * session, with keepalives; host keys are checked against the known-hosts file, strictly unless the
 * settings accept and pin new ones.
 *
 * <p>Each command runs under {@code /bin/sh -c} in the process group sshd gives it, with its
 * process id in a file under {@code /tmp}, so that a command past its timeout, or one whose caller
 * is interrupted, is killed with everything it started.
 *
 * <p>{@link SshConnection} logs in (and in again after a reboot), {@link SshCommands} runs
 * commands; files go over SFTP on the same connection.
 */
public final class SshHost implements TestHost {
  private final SshConnection connection;
  private final Clock clock;

  private SshHost(SshConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /**
   * Connects and authenticates.
   *
   * @param hostname the lab's name of the host, and the address connected to
   * @param user the login
   * @param port the SSH port
   * @param settings keys, known hosts, timeouts
   * @param clock measures how long commands ran
   * @throws HostConnectException saying whether the host was unreachable, its key unknown or
   *     different, or no key was accepted, and what to do
   */
  public static SshHost connect(
      String hostname, String user, int port, SshSettings settings, Clock clock) {
    return new SshHost(SshConnection.open(hostname, user, port, settings), clock);
  }

  /**
   * Reboots the host with {@code reboot} and waits, within {@code timeout} in all, until its SSH
   * port stopped answering and then until a new connection logs in; commands after this run on the
   * new connection.
   *
   * @throws HostCommandException if the host did not go down, or did not come back, in time
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public void reboot(Duration timeout) throws InterruptedException {
    reboot("reboot", timeout);
  }

  /**
   * As {@link #reboot(Duration)} with another command, for hosts rebooted another way.
   *
   * @param command the shell command that makes the host reboot; it is started in the background so
   *     that the connection may drop under it
   */
  public void reboot(String command, Duration timeout) throws InterruptedException {
    connection.reboot(command, timeout);
  }

  @Override
  public String hostname() {
    return connection.hostname();
  }

  /** {@code user@host:port}, as connected. */
  public String target() {
    return connection.target();
  }

  @Override
  public CommandResult run(String command, Path stdout, Path stderr, Duration timeout)
      throws InterruptedException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return SshCommands.run(connection, clock, command, stdout, stderr, timeout);
  }

  /**
   * Starts a long-running command whose standard input and output the caller talks to, such as a
   * drone's protocol relay. Its standard error is logged.
   *
   * @param command the remote command line
   * @return the command's streams; closing it closes the channel
   * @throws HostCommandException if the channel cannot be opened
   */
  public CommandStream openStream(String command) {
    return SshCommands.openStream(connection, command);
  }

  /** A command's standard input and output over an SSH channel. */
  public static final class CommandStream implements AutoCloseable {
    private final ChannelExec channel;

    CommandStream(ChannelExec channel) {
      this.channel = channel;
    }

    /** The command's standard output. */
    public InputStream output() {
      return channel.getInvertedOut();
    }

    /** The command's standard input. */
    public OutputStream input() {
      return channel.getInvertedIn();
    }

    /** True while the channel is open. */
    public boolean isOpen() {
      return channel.isOpen() && !channel.isClosing();
    }

    /** Closes the channel at once; the remote command sees its input end. */
    @Override
    public void close() {
      channel.close(true);
    }
  }

  /** True while the connection is open. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void send(Path local, String remote) {
    try (FileSystem sftp = sftp()) {
      Trees.copy(hostname(), local, sftp.getPath(remote));
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          hostname(), "cannot send " + local + " to " + remote + ": " + e, e);
    }
  }

  @Override
  public void fetch(String remote, Path local) {
    try (FileSystem sftp = sftp()) {
      Trees.copy(hostname(), sftp.getPath(remote), local);
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          hostname(), "cannot fetch " + remote + " to " + local + ": " + e, e);
    }
  }

  /**
   * The host's files over SFTP, on this host's connection; the caller closes it.
   *
   * @throws IOException if the SFTP subsystem cannot be opened
   */
  public FileSystem files() throws IOException {
    return sftp();
  }

  /** The host's files over SFTP, on this host's connection. */
  private FileSystem sftp() throws IOException {
    return SftpClientFactory.instance().createSftpFileSystem(connection.session());
  }

  /** Closes the connection. */
  @Override
  public void close() {
    connection.close();
  }

  /** Why connecting failed, in words that say what to do. */
  public static final class HostConnectException extends HangarException {
    private static final long serialVersionUID = 1L;

    HostConnectException(String hostname, String message, Throwable cause) {
      super("host '" + hostname + "': " + message, cause);
    }
  }
}

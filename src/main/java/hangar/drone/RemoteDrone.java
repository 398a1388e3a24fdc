package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.HangarException;
import hangar.host.Shell;
import hangar.host.SshHost;
import hangar.host.SshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drone on another machine, reached by passwordless SSH. On first contact, and whenever the
 * running Hangar differs from the one installed there, it installs this Hangar at {@code
 * drone_installation_directory}; then it runs {@code hangar drone --relay} there, which starts the
 * machine's drone daemon if none runs and carries the drone protocol over the SSH channel.
 *
 * <p>The daemon runs detached from the channel: when the channel drops, sessions go on, and the
 * next call connects again and sees them. Calls are carried one at a time over the one channel; a
 * {@code watch}, which waits for a session to end, goes over a second relay of its own on the same
 * connection so that it holds up no other call.
 */
public final class RemoteDrone extends ProtocolDrone {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteDrone.class);

  /** How long one request may take, the first one's connection and daemon start included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  /** How long an installation may take to send. */
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private final String name;
  private final String user;
  private final int port;
  private final String installDir;
  private final SshSettings ssh;
  private final Clock clock;
  private final ProtocolClient client;
  private SshHost host;
  private SshHost.CommandStream stream;
  private Lines lines;
  private final ProtocolClient watchClient;
  private final Object watchLock = new Object();
  // Written under watchLock; closed by disconnect() from any thread.
  private volatile SshHost.CommandStream watchStream;
  private Lines watchLines;

  /**
   * A drone reached as {@code user@name:port}; nothing is connected until the first call.
   *
   * @param name the drone's name in {@code drones}, also the address connected to
   * @param user the SSH login ({@code <drone>_username}, or the scheduler's user)
   * @param port the SSH port
   * @param installDir {@code drone_installation_directory}, absolute
   * @param ssh keys and known hosts
   * @param clock for the SSH commands' timing
   */
  public RemoteDrone(
      String name, String user, int port, String installDir, SshSettings ssh, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.user = Objects.requireNonNull(user, "user");
    this.port = port;
    if (!installDir.startsWith("/")) {
      throw new IllegalArgumentException(
          "drone_installation_directory must be absolute, was " + installDir);
    }
    this.installDir =
        installDir.endsWith("/") && installDir.length() > 1
            ? installDir.substring(0, installDir.length() - 1)
            : installDir;
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = new ProtocolClient(this::exchange, this::unreachable);
    this.watchClient = new ProtocolClient(this::watchExchange, this::unreachable);
  }

  @Override
  public long awaitEnds(long after, Duration wait) {
    return watchClient.watch(after, wait);
  }

  @Override
  ProtocolClient client() {
    return client;
  }

  @Override
  public String name() {
    return name;
  }

  /** Where Hangar is installed on the drone. */
  public String installDir() {
    return installDir;
  }

  /** {@code user@host:port}. */
  public String target() {
    return user + "@" + name + ":" + port;
  }

  /**
   * The {@code ssh} command line (for {@code rsync -e}) that reaches the drone with the same user,
   * port, keys and known hosts as this connection, never asking anything.
   */
  public String sshCommandLine() {
    return ssh.sshCommandLine(port);
  }

  /** A results folder on the drone as {@code rsync} names it ({@code user@host:path/}). */
  public String rsyncSource(String relative) {
    return user + "@" + name + ":" + resultsRoot().orElseThrow() + "/" + relative + "/";
  }

  /** Sessions write under {@code <drone_installation_directory>/results} on the drone. */
  @Override
  public Optional<String> resultsRoot() {
    return Optional.of(installDir + "/results");
  }

  /**
   * Stops the daemon on the drone; its running sessions are aborted. For tests and for taking a
   * drone out of the lab.
   */
  public void shutdown() {
    client.shutdown();
    disconnect();
  }

  /** Drops the SSH connection; the daemon and its sessions run on, and the next call reconnects. */
  public synchronized void disconnect() {
    SshHost.CommandStream watching = watchStream;
    if (watching != null) {
      watching.close();
    }
    if (stream != null) {
      stream.close();
      stream = null;
    }
    if (host != null) {
      host.close();
      host = null;
    }
    lines = null;
  }

  @Override
  public String toString() {
    return "RemoteDrone[" + target() + ":" + installDir + "]";
  }

  private synchronized String exchange(String line) {
    try {
      connect();
    } catch (HangarException e) {
      disconnect();
      throw unreachable("cannot reach drone " + target() + ": " + e.getMessage(), e);
    }
    try {
      return carry(stream, lines, line);
    } catch (IOException | RuntimeException e) {
      disconnect();
      throw unreachable("lost the channel to drone " + target() + ": " + e, e);
    }
  }

  /**
   * Writes one request line on a relay's channel and reads its reply, closing the channel when no
   * reply came within {@link #CALL_TIMEOUT}.
   */
  private static String carry(SshHost.CommandStream channel, Lines over, String line)
      throws IOException {
    CountDownLatch done = new CountDownLatch(1);
    Thread.ofVirtual()
        .name("hangar-remote-drone-timeout")
        .start(() -> closeAfterTimeout(channel, done));
    try {
      over.write(line);
      String reply = over.read();
      if (reply == null) {
        throw new IOException("the drone's relay closed the channel without answering");
      }
      return reply;
    } finally {
      done.countDown();
    }
  }

  /** Carries a watch over the second relay, opening it (and the connection) when needed. */
  private String watchExchange(String line) {
    synchronized (watchLock) {
      SshHost.CommandStream current = watchStream;
      if (current == null || !current.isOpen()) {
        try {
          current = openWatchRelay();
        } catch (HangarException e) {
          throw unreachable("cannot reach drone " + target() + ": " + e.getMessage(), e);
        }
        watchStream = current;
        watchLines = new Lines(current.output(), current.input());
      }
      try {
        return carry(current, watchLines, line);
      } catch (IOException | RuntimeException e) {
        current.close();
        watchStream = null;
        throw unreachable("lost the watch channel to drone " + target() + ": " + e, e);
      }
    }
  }

  private synchronized SshHost.CommandStream openWatchRelay() {
    connect();
    return host.openStream(relayCommand());
  }

  private String relayCommand() {
    return Shell.join(
        List.of(installDir + "/bin/hangar", "drone", "--dir", installDir + "/drone", "--relay"));
  }

  /** Opens the SSH connection and the relay when there is none, installing Hangar if needed. */
  private void connect() {
    if (stream != null && stream.isOpen() && host != null && host.isOpen()) {
      return;
    }
    disconnect();
    host = SshHost.connect(name, user, port, ssh, clock);
    install(host);
    stream = host.openStream(relayCommand());
    lines = new Lines(stream.output(), stream.input());
    LOG.info("drone {} connected over SSH as {}; relay running", name, target());
  }

  /** Installs this Hangar on the drone unless the same one is there already. */
  private void install(SshHost host) {
    Distribution distribution = Distribution.current();
    String installed =
        output(
                host,
                "cat "
                    + Shell.quote(installDir + "/" + Distribution.VERSION_FILE)
                    + " 2>/dev/null || true")
            .strip();
    if (installed.equals(distribution.fingerprint())) {
      return;
    }
    LOG.info(
        "drone {}: installing Hangar {} at {} (was {})",
        name,
        distribution.fingerprint(),
        installDir,
        installed.isEmpty() ? "not installed" : installed);
    String staging = installDir + "/.install-" + UUID.randomUUID();
    output(host, "mkdir -p " + Shell.quote(installDir));
    host.send(distribution.staging(), staging);
    // Swapped in with renames, the fingerprint last: a half-sent installation is never taken.
    String d = Shell.quote(installDir);
    String s = Shell.quote(staging);
    output(
        host,
        "set -e; cd "
            + d
            + "; rm -rf lib.old bin.old; [ ! -d lib ] || mv lib lib.old; [ ! -d bin ] || mv bin"
            + " bin.old; mv "
            + s
            + "/lib lib; mv "
            + s
            + "/bin bin; chmod +x bin/hangar bin/java-env.sh; mv "
            + s
            + "/VERSION VERSION; rm -rf "
            + s
            + " lib.old bin.old");
  }

  /** Runs a short command on the drone and returns its output; fails on a non-zero status. */
  private String output(SshHost host, String command) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("hangar-drone-", ".out");
      err = Files.createTempFile("hangar-drone-", ".err");
      var result = host.run(command, out, err, INSTALL_TIMEOUT);
      if (result.exitStatus() != 0) {
        throw new HangarException(
            "'"
                + command
                + "' failed on drone "
                + target()
                + " with status "
                + result.exitStatus()
                + ": "
                + Files.readString(err, UTF_8).strip());
      }
      return Files.readString(out, UTF_8);
    } catch (IOException e) {
      throw new HangarException(
          "cannot keep the output of a command for drone " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HangarException("interrupted while setting up drone " + name, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}", file, e);
    }
  }

  private static void closeAfterTimeout(SshHost.CommandStream stream, CountDownLatch done) {
    try {
      if (!done.await(CALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        stream.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private DroneUnreachableException unreachable(String what, Throwable cause) {
    String message =
        what
            + "; check that '"
            + target()
            + "' takes the scheduler's key and see "
            + installDir
            + "/drone/drone.log there";
    return cause == null
        ? new DroneUnreachableException(message)
        : new DroneUnreachableException(message, cause);
  }
}

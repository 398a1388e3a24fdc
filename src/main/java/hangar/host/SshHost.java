package hangar.host;

import hangar.HangarException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host reached over SSH with public keys. One connection carries every command of the host's
 * session, with keepalives; host keys are checked against the known-hosts file, strictly unless the
 * settings accept and pin new ones.
 *
 * <p>Each command runs under {@code /bin/sh -c} in the process group sshd gives it, with its
 * process id in a file under {@code /tmp}, so that a command past its timeout, or one whose caller
 * is interrupted, is killed with everything it started.
 */
public final class SshHost implements TestHost {
  private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);

  /** How often a reboot checks whether the host went down or came back. */
  private static final Duration REBOOT_POLL = Duration.ofMillis(200);

  private final String hostname;

  /** The longest pause between two looks at a running command. */
  private static final long MAX_POLL_MILLIS = 200;

  /** One started client per set of settings, for the life of the process. */
  private static final ConcurrentMap<SshSettings, SshClient> CLIENTS = new ConcurrentHashMap<>();

  private final String user;
  private final int port;
  private final SshSettings settings;
  private final String target;
  private final Clock clock;
  private final SshClient client;
  // Replaced by a reboot; commands run on the current one.
  private volatile ClientSession session;

  private SshHost(
      String hostname,
      String user,
      int port,
      SshSettings settings,
      SshClient client,
      ClientSession session,
      Clock clock) {
    this.hostname = hostname;
    this.user = user;
    this.port = port;
    this.settings = settings;
    this.target = user + "@" + hostname + ":" + port;
    this.client = client;
    this.session = session;
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
    SshClient client = clientFor(hostname, user, port, settings);
    return new SshHost(
        hostname,
        user,
        port,
        settings,
        client,
        open(client, hostname, user, port, settings),
        clock);
  }

  /**
   * The started client for these settings, shared by every host connected with them: one client has
   * one pool of I/O threads however many sessions it carries, which is what lets one drone hold
   * hundreds of sessions.
   */
  private static SshClient clientFor(String hostname, String user, int port, SshSettings settings) {
    String target = user + "@" + hostname + ":" + port;
    if (settings.presentIdentities().isEmpty()) {
      throw new HostConnectException(
          hostname,
          "no private key to offer to "
              + target
              + ": none of "
              + settings.identities()
              + " exists; create one with ssh-keygen -t ed25519",
          null);
    }
    return CLIENTS.computeIfAbsent(settings, SshHost::startClient);
  }

  private static SshClient startClient(SshSettings settings) {
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(
        new KnownHostsServerKeyVerifier(
            settings.acceptNewHostKey()
                ? AcceptAllServerKeyVerifier.INSTANCE
                : RejectAllServerKeyVerifier.INSTANCE,
            settings.knownHosts()));
    client.setKeyIdentityProvider(new FileKeyPairProvider(settings.presentIdentities()));
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepalive());
    client.start();
    return client;
  }

  /** Connects and authenticates on a started client; closes the session if that fails. */
  private static ClientSession open(
      SshClient client, String hostname, String user, int port, SshSettings settings) {
    String target = user + "@" + hostname + ":" + port;
    ClientSession session = null;
    try {
      session = client.connect(user, hostname, port).verify(settings.connectTimeout()).getSession();
      session.auth().verify(settings.connectTimeout());
      LOG.info("host={} connected over SSH as {}", hostname, target);
      return session;
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      throw HostConnectException.explain(
          hostname, target, port, settings, settings.presentIdentities(), e);
    }
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
    long deadline = System.nanoTime() + timeout.toNanos();
    String detached =
        "nohup /bin/sh -c " + Shell.quote("sleep 1; " + command) + " >/dev/null 2>&1 &";
    try (ChannelExec channel = session.createExecChannel(detached)) {
      channel.open().verify(Duration.ofSeconds(30));
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(hostname, "cannot ask " + target + " to reboot: " + e, e);
    }
    LOG.info("host={} rebooting ({}); waiting for it to go down", hostname, command);
    while (answers()) {
      pauseUntil(deadline, "go down after '" + command + "'", timeout);
    }
    LOG.info("host={} is down; waiting for it to come back", hostname);
    closeQuietly(session);
    while (true) {
      pauseUntil(deadline, "come back after '" + command + "'", timeout);
      if (!answers()) {
        continue;
      }
      try {
        session = open(client, hostname, user, port, settings);
        LOG.info("host={} is back", hostname);
        return;
      } catch (HostConnectException e) {
        LOG.debug("host={} answers but does not let us in yet", hostname, e);
      }
    }
  }

  /** True when something accepts TCP connections on the host's SSH port. */
  private boolean answers() {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(hostname, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void pauseUntil(long deadline, String what, Duration timeout)
      throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new HostCommandException(
          hostname,
          target
              + " did not "
              + what
              + " within "
              + timeout
              + "; check its console, or power-cycle it",
          null);
    }
    Thread.sleep(REBOOT_POLL);
  }

  @Override
  public String hostname() {
    return hostname;
  }

  /** {@code user@host:port}, as connected. */
  public String target() {
    return target;
  }

  @Override
  public CommandResult run(String command, Path stdout, Path stderr, Duration timeout)
      throws InterruptedException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
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
        ChannelExec channel = session.createExecChannel(wrapped)) {
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
        kill(pidFile);
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
                + target
                + " closed before the command ended; see the host's sshd log",
            null);
      }
      return new CommandResult(status, false, Duration.between(started, clock.instant()));
    } catch (IOException | IllegalStateException e) {
      // MINA throws IllegalStateException for a session that is closing: the host went away.
      throw new HostCommandException(
          hostname, "cannot run a command over SSH on " + target + ": " + e.getMessage(), e);
    }
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
    try {
      ChannelExec channel = session.createExecChannel(command);
      channel.setRedirectErrorStream(false);
      channel.setErr(new LogLines(hostname));
      channel.open().verify(Duration.ofSeconds(30));
      return new CommandStream(channel);
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          hostname, "cannot start " + command + " over SSH on " + target + ": " + e, e);
    }
  }

  /** A command's standard input and output over an SSH channel. */
  public static final class CommandStream implements AutoCloseable {
    private final ChannelExec channel;

    private CommandStream(ChannelExec channel) {
      this.channel = channel;
    }

    /** The command's standard output. */
    public java.io.InputStream output() {
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

  /** Logs a remote command's standard error line by line. */
  private static final class LogLines extends OutputStream {
    private final String hostname;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    LogLines(String hostname) {
      this.hostname = hostname;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        LOG.info(
            "host={} stderr: {}", hostname, line.toString(java.nio.charset.StandardCharsets.UTF_8));
        line.reset();
      } else if (line.size() < 8192) {
        line.write(b);
      }
    }
  }

  /** True while the connection is open. */
  public boolean isOpen() {
    return session.isOpen() && !session.isClosing();
  }

  @Override
  public void send(Path local, String remote) {
    try (FileSystem sftp = sftp()) {
      Trees.copy(hostname, local, sftp.getPath(remote));
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          hostname, "cannot send " + local + " to " + remote + ": " + e, e);
    }
  }

  @Override
  public void fetch(String remote, Path local) {
    try (FileSystem sftp = sftp()) {
      Trees.copy(hostname, sftp.getPath(remote), local);
    } catch (IOException | IllegalStateException e) {
      throw new HostCommandException(
          hostname, "cannot fetch " + remote + " to " + local + ": " + e, e);
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
    return SftpClientFactory.instance().createSftpFileSystem(session);
  }

  /** Kills the command's process group: TERM, then KILL a second later. */
  private void kill(String pidFile) {
    String killer =
        "p=$(cat "
            + pidFile
            + " 2>/dev/null) && { kill -TERM -- -$p 2>/dev/null; sleep 1;"
            + " kill -KILL -- -$p 2>/dev/null; }; rm -f "
            + pidFile;
    try (ChannelExec channel = session.createExecChannel(killer)) {
      channel.open().verify(Duration.ofSeconds(30));
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
    } catch (IOException | RuntimeException e) {
      LOG.warn("host={} could not kill a command over SSH; it may still run", hostname, e);
    }
  }

  /** Closes the connection. */
  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(ClientSession session) {
    try {
      if (session != null) {
        session.close(false);
      }
    } catch (RuntimeException e) {
      LOG.debug("closing an SSH session failed", e);
    }
  }

  /** Why connecting failed, in words that say what to do. */
  public static final class HostConnectException extends HangarException {
    private static final long serialVersionUID = 1L;

    HostConnectException(String hostname, String message, Throwable cause) {
      super("host '" + hostname + "': " + message, cause);
    }

    static HostConnectException explain(
        String hostname,
        String target,
        int port,
        SshSettings settings,
        List<Path> keys,
        Exception e) {
      String text = String.valueOf(e.getMessage());
      String known = port == 22 ? hostname : "[" + hostname + "]:" + port;
      String message;
      if (text.contains("Server key did not validate")) {
        message =
            "the host key of "
                + known
                + " is not the one in "
                + settings.knownHosts()
                + ", or is not there yet; check it, then add it with 'ssh-keyscan -p "
                + port
                + " "
                + hostname
                + " >> "
                + settings.knownHosts()
                + "', or accept and pin it with --accept-new-host-key";
      } else if (text.contains("No more authentication methods")) {
        message =
            "no key of "
                + keys
                + " was accepted for "
                + target
                + "; add the public key to that user's ~/.ssh/authorized_keys";
      } else {
        message =
            "cannot connect to "
                + target
                + " over SSH: "
                + text
                + "; check that the host is up and its sshd listens on port "
                + port;
      }
      return new HostConnectException(hostname, message, e);
    }
  }
}

package hangar.host;

import hangar.host.SshHost.HostConnectException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link SshHost}'s login: the started client shared by every host with the same settings, the
 * current authenticated session, and a new session after a reboot. A failed login becomes a {@link
 * HostConnectException} that says what to do.
 */
final class SshConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

  /** How often a reboot checks whether the host went down or came back. */
  private static final Duration REBOOT_POLL = Duration.ofMillis(200);

  /** One started client per set of settings, for the life of the process. */
  private static final ConcurrentMap<SshSettings, SshClient> CLIENTS = new ConcurrentHashMap<>();

  private final String hostname;
  private final String user;
  private final int port;
  private final SshSettings settings;
  private final String target;
  private final SshClient client;
  // Replaced by a reboot; commands run on the current one.
  private volatile ClientSession session;

  private SshConnection(
      String hostname, String user, int port, SshSettings settings, SshClient client) {
    this.hostname = hostname;
    this.user = user;
    this.port = port;
    this.settings = settings;
    this.target = user + "@" + hostname + ":" + port;
    this.client = client;
    this.session = login(client, hostname, user, port, settings);
  }

  /**
   * Connects and authenticates.
   *
   * @throws HostConnectException saying whether the host was unreachable, its key unknown or
   *     different, or no key was accepted, and what to do
   */
  static SshConnection open(String hostname, String user, int port, SshSettings settings) {
    return new SshConnection(
        hostname, user, port, settings, clientFor(hostname, user, port, settings));
  }

  /** The host's name, as connected to. */
  String hostname() {
    return hostname;
  }

  /** {@code user@host:port}, as connected. */
  String target() {
    return target;
  }

  /** The current session; a reboot replaces it. */
  ClientSession session() {
    return session;
  }

  /** True while the current session is open. */
  boolean isOpen() {
    return session.isOpen() && !session.isClosing();
  }

  /** Closes the current session. */
  void close() {
    closeQuietly(session);
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
    return CLIENTS.computeIfAbsent(settings, SshConnection::startClient);
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
  private static ClientSession login(
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
      throw explain(hostname, target, port, settings, settings.presentIdentities(), e);
    }
  }

  /**
   * Reboots the host with {@code command} and waits, within {@code timeout} in all, until its SSH
   * port stopped answering and then until a new session logs in.
   *
   * @throws HostCommandException if the host did not go down, or did not come back, in time
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void reboot(String command, Duration timeout) throws InterruptedException {
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
        session = login(client, hostname, user, port, settings);
        LOG.info("host={} is back", hostname);
        return;
      } catch (HostConnectException e) {
        LOG.debug("host={} answers but does not let us in yet", hostname, e);
      }
    }
  }

  /** True when something accepts TCP connections on the host's SSH port. */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostname, port), 1000);
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
  private static HostConnectException explain(
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

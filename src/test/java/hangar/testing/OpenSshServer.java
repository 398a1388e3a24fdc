package hangar.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} for tests, on a free port of 127.0.0.1, with its own host key, one
 * client key that it accepts, and a known-hosts file that vouches for it. Needs Debian's
 * openssh-server ({@code .ci/run} installs it).
 */
public final class OpenSshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Path dir;
  private final String address;
  private final int port;
  private volatile Process process;

  private OpenSshServer(Path dir, String address, int port, Process process) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.process = process;
  }

  /** Starts one on 127.0.0.1 in {@code dir} and waits until it accepts connections. */
  public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, "127.0.0.1");
  }

  /**
   * Starts one on another loopback address (any of 127.0.0.0/8), so that a test can give hosts
   * different names.
   */
  public static OpenSshServer start(Path dir, String address)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(
          SSHD + " is missing; install Debian's openssh-server (apt-get install openssh-server)");
    }
    // sshd refuses to start without its privilege separation folder.
    Files.createDirectories(Path.of("/run/sshd"));
    Files.createDirectories(dir);
    keygen(dir.resolve("host_ed25519"));
    keygen(dir.resolve("client_ed25519"));
    Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
    int port = freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress " + address,
            "HostKey " + dir.resolve("host_ed25519"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin yes",
            "PidFile " + dir.resolve("sshd.pid"),
            "LogLevel VERBOSE",
            // Benchmarks open hundreds of sessions at once; OpenSSH drops most beyond 10 otherwise.
            "MaxStartups 2000",
            "Subsystem sftp internal-sftp",
            ""));
    OpenSshServer server = new OpenSshServer(dir, address, port, launch(dir));
    Files.writeString(
        server.knownHosts(),
        "[" + address + "]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
    server.awaitListening();
    return server;
  }

  private static Process launch(Path dir) throws IOException {
    return new ProcessBuilder(
            SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true)
        .redirectOutput(
            java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
        .start();
  }

  /** The file holding the listening daemon's pid: a "reboot" for tests kills it. */
  public Path pidFile() {
    return dir.resolve("sshd.pid");
  }

  /**
   * Waits until the listening daemon stopped (a test killed it, as a reboot would), then, after
   * {@code down}, starts it again on the same port with the same keys.
   */
  public void restartWhenItStops(Duration down) throws IOException, InterruptedException {
    process.waitFor();
    Thread.sleep(down);
    process = launch(dir);
    awaitListening();
  }

  /**
   * Cuts the host off, as a crash or a pulled cable would: kills the listening daemon and every
   * connection it serves, and leaves it down.
   */
  public void cut() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }

  /** The loopback address it listens on. */
  public String address() {
    return address;
  }

  /** The port it listens on, on its address. */
  public int port() {
    return port;
  }

  /** The private key it accepts. */
  public Path clientKey() {
    return dir.resolve("client_ed25519");
  }

  /** A known-hosts file holding its host key as {@code [127.0.0.1]:port}. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** SSH settings that reach this server: its client key and known hosts, strict checking. */
  public hangar.host.SshSettings clientSettings() {
    return new hangar.host.SshSettings(
        java.util.List.of(clientKey()),
        knownHosts(),
        false,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  /** The user the tests log in as: this process's. */
  public String user() {
    return System.getProperty("user.name");
  }

  /** What sshd logged so far. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  /** Makes a fresh key pair at {@code key} (and {@code key.pub}). */
  public static void keygen(Path key) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()))
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ssh-keygen failed for " + key + ": " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("sshd did not start listening on " + port + ": " + log(), e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

package hangar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH {@code sshd} for tests, on a free port of 127.0.0.1, with its own host key, one
 * client key that it accepts, and a known-hosts file that vouches for it. Needs Debian's
 * openssh-server ({@code .ci/run} installs it).
 *
 * <p>{@link #startWithPrivateSystem} gives the host a system of its own: what a session changes
 * under {@code /usr}, {@code /etc} and {@code /var} (a package it installs, say) stays in the
 * test's folder and is gone from view once the server is closed, while this machine never sees it.
 */
public final class OpenSshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final List<String> PRIVATE_FOLDERS = List.of("usr", "etc", "var");

  private final Path dir;
  private final String address;
  private final int port;
  private final boolean privateSystem;
  private volatile Process process;
  // The private system's namespace, read once sshd listens (it has unshared by then): close()
  // empties it even when sshd is gone already.
  private volatile String privateNamespace;

  private OpenSshServer(Path dir, String address, int port, boolean privateSystem) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.privateSystem = privateSystem;
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
    return start(dir, address, false);
  }

  /**
   * Starts one on 127.0.0.1 in {@code dir} whose sessions see a private copy of this machine's
   * {@code /usr}, {@code /etc} and {@code /var}: sshd runs in a mount namespace of its own, over
   * overlays whose writable layers are in {@code dir/system}. A package installed through it lands
   * there, not on this machine; the namespace, and the overlays with it, end when {@link #close}
   * has stopped sshd and every process it started. Needs root (to mount) and util-linux's {@code
   * unshare}.
   *
   * @throws IllegalStateException when not root
   * @throws IllegalArgumentException when {@code dir} is under one of the folders it overlays, or
   *     its path holds a character that overlay options cannot carry
   */
  public static OpenSshServer startWithPrivateSystem(Path dir)
      throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "a private system needs root to mount its overlays; running as "
              + System.getProperty("user.name"));
    }
    Path absolute = dir.toAbsolutePath().normalize();
    for (String folder : PRIVATE_FOLDERS) {
      if (absolute.startsWith(Path.of("/", folder))) {
        throw new IllegalArgumentException(
            absolute + " is under /" + folder + ", which it overlays; use a folder under /tmp");
      }
    }
    if (absolute.toString().matches(".*[,:\\\\\\s].*")) {
      throw new IllegalArgumentException(
          absolute
              + " holds a comma, colon, backslash or space, which overlay options cannot carry");
    }
    for (String folder : PRIVATE_FOLDERS) {
      Path root = Path.of("/", folder);
      // The merged folder takes its mode from the upper layer: keep /usr as open as it is here.
      Files.createDirectories(absolute.resolve("system/upper").resolve(folder));
      Files.setPosixFilePermissions(
          absolute.resolve("system/upper").resolve(folder), Files.getPosixFilePermissions(root));
      Files.createDirectories(absolute.resolve("system/work").resolve(folder));
    }
    return start(absolute, "127.0.0.1", true);
  }

  private static OpenSshServer start(Path dir, String address, boolean privateSystem)
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
    OpenSshServer server = new OpenSshServer(dir, address, port, privateSystem);
    server.process = server.launch();
    Files.writeString(
        server.knownHosts(),
        "[" + address + "]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
    server.awaitReady();
    return server;
  }

  private Process launch() throws IOException {
    List<String> sshd =
        List.of(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString());
    List<String> command = new ArrayList<>();
    if (privateSystem) {
      // unshare and sh exec in turn, so the process started is sshd itself (its pid file agrees);
      // the mounts live in its namespace only and end with the last process in it.
      command.addAll(
          List.of(
              "unshare",
              "--mount",
              "--propagation",
              "private",
              "--",
              "sh",
              "-ec",
              "system=$1; shift; for d in "
                  + String.join(" ", PRIVATE_FOLDERS)
                  + "; do mount -t overlay overlay"
                  + " -o \"lowerdir=/$d,upperdir=$system/upper/$d,workdir=$system/work/$d\" \"/$d\";"
                  + " done; exec \"$@\"",
              "sh",
              dir.resolve("system").toString()));
    }
    command.addAll(sshd);
    return new ProcessBuilder(command)
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
    process = launch();
    awaitReady();
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

  /**
   * Lets in, besides its own client key, whoever holds the private half of {@code publicKey} (an
   * OpenSSH {@code .pub} file): for a lab of many servers that one key reaches.
   */
  public void authorize(Path publicKey) throws IOException {
    Files.writeString(
        dir.resolve("authorized_keys"),
        Files.readString(publicKey),
        java.nio.file.StandardOpenOption.APPEND);
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

  /**
   * The mount namespace sshd runs in, as {@code /proc/<pid>/ns/mnt} names it ({@code
   * mnt:[4026531841]}): this machine's own unless the server has a private system.
   */
  public String mountNamespace() throws IOException {
    return mountNamespaceOf(process.pid())
        .orElseThrow(() -> new IOException("sshd is not running"));
  }

  /**
   * The processes in {@code namespace} now (as {@link #mountNamespace} names it): none once the
   * last has ended, and the namespace with it.
   */
  public static List<Long> processesIn(String namespace) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::valueOf)
          .filter(pid -> mountNamespaceOf(pid).filter(namespace::equals).isPresent())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the processes in /proc", e);
    }
  }

  private static Optional<String> mountNamespaceOf(long pid) {
    try {
      return Optional.of(
          Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString());
    } catch (IOException e) {
      // The process ended while we looked: it is in no namespace any more.
      return Optional.empty();
    }
  }

  /**
   * Stops sshd. With a private system it also stops every process left in its namespace (sshd's
   * connections and whatever a session left running) and waits until none is left, so that the
   * namespace and its overlays are gone.
   *
   * @throws IllegalStateException when processes stay in the private namespace
   */
  @Override
  public void close() throws InterruptedException {
    String namespace = privateNamespace;
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (namespace != null) {
      empty(namespace);
    }
  }

  private static void empty(String namespace) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Long> left = processesIn(namespace);
    while (!left.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "processes "
                + left
                + " are still in the private system's namespace "
                + namespace
                + " 10 s after they were killed; they keep its overlays mounted");
      }
      // Only this server's processes are in its namespace: sshd started each of them.
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      Thread.sleep(50);
      left = processesIn(namespace);
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    awaitListening();
    if (privateSystem) {
      String namespace = mountNamespace();
      if (mountNamespaceOf(ProcessHandle.current().pid()).orElseThrow().equals(namespace)) {
        close();
        throw new IllegalStateException(
            "sshd runs in this machine's mount namespace " + namespace + ", not a private one");
      }
      privateNamespace = namespace;
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

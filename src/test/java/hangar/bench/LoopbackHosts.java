package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.testing.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts under test that are real OpenSSH daemons, one on each of the loopback addresses {@code
 * 127.0.2.1} onwards, which the lab logs in to as an unprivileged user: when the benchmark runs as
 * root, the system user {@value #USER} (made the first time, with a home of its own and no
 * password), so that nothing a session or a repair runs on a "host" can reboot or change this
 * machine; otherwise the benchmark's own user.
 */
final class LoopbackHosts implements AutoCloseable {
  static final String USER = "hangar-bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<OpenSshServer> servers;
  private final String user;
  private final Path knownHosts;

  private LoopbackHosts(List<OpenSshServer> servers, String user, Path knownHosts) {
    this.servers = List.copyOf(servers);
    this.user = user;
    this.knownHosts = knownHosts;
  }

  /**
   * Starts {@code count} daemons in {@code dir}, which is opened to others (0755) so that the login
   * user can read the keys it is allowed in with; the folders above it must let others through.
   */
  static LoopbackHosts start(Path dir, int count) throws IOException, InterruptedException {
    if (count < 1 || count > 250) {
      throw new IllegalArgumentException("hosts must be 1 to 250, was " + count);
    }
    String user = loginUser();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<OpenSshServer> servers = new ArrayList<>();
    try {
      StringBuilder known = new StringBuilder();
      for (int i = 0; i < count; i++) {
        OpenSshServer server = OpenSshServer.start(dir.resolve("sshd-" + i), "127.0.2." + (i + 1));
        servers.add(server);
        // One key for all: an SSH client offers its keys in turn, and sshd gives up after six.
        server.authorize(Path.of(servers.get(0).clientKey() + ".pub"));
        known.append(Files.readString(server.knownHosts(), UTF_8));
        if (i % 10 == 9) {
          System.err.printf("benchmark: %d of %d sshd hosts listening%n", i + 1, count);
        }
      }
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
      return new LoopbackHosts(servers, user, knownHosts);
    } catch (IOException | InterruptedException | RuntimeException e) {
      for (OpenSshServer server : servers) {
        server.close();
      }
      throw e;
    }
  }

  /** The user the hosts are logged in to as; made when this runs as root and it is missing. */
  private static String loginUser() throws IOException, InterruptedException {
    String me = System.getProperty("user.name");
    if (!"root".equals(me)) {
      return me;
    }
    if (!exists(USER)) {
      // A password of '*' matches nothing but, unlike useradd's locked '!', lets sshd accept a key.
      int status =
          run(
              "useradd",
              "--system",
              "--create-home",
              "--home-dir",
              "/var/lib/" + USER,
              "--shell",
              "/bin/sh",
              "--password",
              "*",
              USER);
      if (status != 0) {
        throw new IllegalStateException(
            "useradd could not create the user "
                + USER
                + " the hosts are logged in to as (status "
                + status
                + "); create an unprivileged user of that name with a shell and run again");
      }
      System.err.println(
          "benchmark: made the unprivileged user "
              + USER
              + " (userdel -r "
              + USER
              + " removes it)");
    }
    return USER;
  }

  private static boolean exists(String user) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes(); // its uid or its complaint: only the status tells
    return p.waitFor() == 0;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(System.err);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not end in 60 s");
    }
    return p.exitValue();
  }

  int size() {
    return servers.size();
  }

  /** The name of host {@code i}: its loopback address. */
  String name(int i) {
    return servers.get(i).address();
  }

  /** What {@code POST /api/v1/hosts} takes to register host {@code i} with these labels. */
  ObjectNode record(int i, String... labels) {
    ObjectNode host =
        JSON.createObjectNode()
            .put("hostname", name(i))
            .put("ssh_user", user)
            .put("ssh_port", servers.get(i).port());
    var list = host.putArray("labels");
    for (String label : labels) {
      list.add(label);
    }
    return host;
  }

  /**
   * CPU seconds the hosts have used so far: their sshd daemons and every session they served, with
   * what those ran (the daemons wait for their children, so the CPU of those that ended is theirs).
   */
  double cpuSeconds() throws IOException {
    double seconds = 0;
    for (OpenSshServer server : servers) {
      long pid = Long.parseLong(Files.readString(server.pidFile(), UTF_8).strip());
      seconds += LabProbe.cpuSeconds(pid, true);
    }
    return seconds;
  }

  String user() {
    return user;
  }

  /**
   * The {@code [SSH]} section that reaches every host: the key they all accept and their host keys.
   */
  String sshSection() {
    return "\n[SSH]\nidentity_files: "
        + servers.get(0).clientKey()
        + "\nknown_hosts_file: "
        + knownHosts
        + "\n";
  }

  @Override
  public void close() throws InterruptedException {
    for (OpenSshServer server : servers) {
      server.close();
    }
  }
}

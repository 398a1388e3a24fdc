package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.HangarProcess;
import hangar.testing.ListeningPorts;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unprivileged local user ({@code nobody}) against a running server that runs as root, as the
 * attacker who once ran a shell command as root through the H2 port: with {@link AttackProbe} under
 * {@code runuser -u nobody}, it tries to read the data directory, the database files, the lock, the
 * password and the token, to connect to the drone's socket, and to log in with the H2 driver to
 * every TCP port the server's processes listen on (found in {@code /proc}, as {@code ss -ltnp}
 * lists them) and run {@code touch} with {@code CREATE ALIAS}. Every attempt must be denied, for
 * the all-in-one server and for a frontend with a scheduler process sharing its database. The same
 * probe run by root with the real key and password gets in, so the refusals are the data
 * directory's doing, not the probe's. Needs root; skipped otherwise, saying why.
 */
class LocalAttackerTest {
  private static final String ATTACKER = "nobody";

  @TempDir Path dir;

  private Path kit;

  @BeforeEach
  void root_and_an_attack_kit_nobody_can_run() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
      String reason =
          "needs root and runuser to act as the user '"
              + ATTACKER
              + "'; skipping (run as root, as CI does)";
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    // The data directory's own mode is then the only thing between nobody and the database.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    kit = Files.createDirectories(dir.resolve("kit/hangar/server")).getParent().getParent();
    Path classes =
        Path.of(AttackProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> probe = Files.list(classes.resolve("hangar/server"))) {
      for (Path c :
          probe.filter(p -> p.getFileName().toString().startsWith("AttackProbe")).toList()) {
        Files.copy(c, kit.resolve("hangar/server").resolve(c.getFileName()));
      }
    }
    Files.copy(h2Jar(), kit.resolve("h2.jar"));
    try (Stream<Path> all = Files.walk(kit)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  @Test
  void nobody_gets_into_the_all_in_one_servers_database() throws Exception {
    try (ServerProcesses server = ServerProcesses.allInOne(dir, "022")) {
      server.runJob("true");
      List<ListeningPorts.Listener> listening = listeners(server);

      // The database opens no port: the server's one port is its HTTP API.
      assertThat(listening).hasSize(1);
      List<String> attempts = attempts(server, listening, null);
      List<String> lines = probe(ATTACKER, attempts);

      assertThat(lines).hasSameSizeAs(attempts).allSatisfy(l -> assertThat(l).startsWith("DENIED"));
      assertThat(marker(ATTACKER)).doesNotExist();
      assertThat(probe("root", List.of("read:" + server.data().resolve("db/hangar.password"))))
          .singleElement()
          .asString()
          .startsWith("ALLOWED");
    }
  }

  @Test
  void nobody_gets_into_the_database_a_frontend_shares_with_a_scheduler() throws Exception {
    try (ServerProcesses server = ServerProcesses.pair(dir)) {
      server.runJob("true");
      List<ListeningPorts.Listener> listening = listeners(server);
      Properties lock = new Properties();
      try (var in = Files.newInputStream(server.data().resolve("db/hangar.lock.db"))) {
        lock.load(in);
      }
      String h2Port = lock.getProperty("server").replaceFirst(".*:", "");

      // The HTTP API on 127.0.0.1 and the shared database, on loopback only.
      assertThat(listening).extracting(l -> Integer.toString(l.port())).contains(h2Port).hasSize(2);
      assertThat(listening).allSatisfy(l -> assertThat(l.isLoopback()).as(l.toString()).isTrue());
      List<String> attempts = attempts(server, listening, lock.getProperty("id"));
      List<String> lines = probe(ATTACKER, attempts);

      assertThat(lines).hasSameSizeAs(attempts).allSatisfy(l -> assertThat(l).startsWith("DENIED"));
      assertThat(marker(ATTACKER)).doesNotExist();
      // Root, who can read the password file, gets in the same way: the port is the real thing.
      String password =
          Files.readString(server.data().resolve("db/hangar.password"), UTF_8).strip();
      String url = "jdbc:h2:tcp://localhost:" + h2Port + "/" + lock.getProperty("id");
      assertThat(probe("root", List.of(h2(url, "hangar", password, marker("root")))))
          .singleElement()
          .asString()
          .startsWith("ALLOWED");
      assertThat(marker("root")).exists();
    }
  }

  /**
   * Everything the attacker tries: the data directory and its files, the drone socket, and each
   * port with the users an attacker would guess, an empty password and, when {@code key} is given,
   * the database's key as if the lock file had leaked.
   */
  private List<String> attempts(
      ServerProcesses server, List<ListeningPorts.Listener> listening, String key)
      throws IOException {
    Path data = server.data();
    List<String> attempts = new ArrayList<>();
    attempts.add("list:" + data);
    attempts.add("list:" + data.resolve("db"));
    attempts.add("list:" + data.resolve("results"));
    try (Stream<Path> files = Files.list(data.resolve("db"))) {
      files.forEach(f -> attempts.add("read:" + f));
    }
    for (String file :
        List.of(
            "db/hangar.password",
            "db/hangar.lock.db",
            "admin.token",
            "drone/sessions.journal",
            "drone/drone.lock",
            "drone/drone.log")) {
      attempts.add("read:" + data.resolve(file));
    }
    attempts.add("unix:" + data.resolve("drone/drone.sock"));
    for (ListeningPorts.Listener l : listening) {
      String tcp = "jdbc:h2:tcp://127.0.0.1:" + l.port() + "/";
      List<String> names = new ArrayList<>(List.of(data.resolve("db/hangar").toString(), "mem:x"));
      if (key != null) {
        names.add(key);
      }
      for (String name : names) {
        for (String user : List.of("hangar", "sa")) {
          attempts.add(h2(tcp + name, user, "", marker(ATTACKER)));
        }
      }
    }
    return attempts;
  }

  private static String h2(String url, String user, String password, Path marker) {
    return "h2:" + String.join("\t", url, user, password, marker.toString());
  }

  private Path marker(String user) {
    return dir.resolve("touched-for-" + user);
  }

  /** What the server's processes and its drone listen on. */
  private static List<ListeningPorts.Listener> listeners(ServerProcesses server) {
    List<ListeningPorts.Listener> all = new ArrayList<>();
    for (HangarProcess p : server.processes()) {
      all.addAll(ListeningPorts.of(p.pid()));
    }
    all.addAll(ListeningPorts.of(server.dronePid()));
    return all;
  }

  /** Runs the probe as {@code user}; its lines, one per attempt. */
  private List<String> probe(String user, List<String> attempts) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/sbin/runuser",
                "-u",
                user,
                "--",
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                kit + ":" + kit.resolve("h2.jar"),
                AttackProbe.class.getName()));
    command.addAll(attempts);
    Path out = dir.resolve("probe-" + user + ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .directory(kit.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the probe to end").isTrue();
    List<String> lines = Files.readAllLines(out, UTF_8);
    System.out.println("probe as " + user + ":");
    lines.forEach(l -> System.out.println("  " + l));
    assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
    return lines.stream().filter(l -> l.startsWith("ALLOWED") || l.startsWith("DENIED")).toList();
  }

  private static Path h2Jar() {
    try {
      return Path.of(
          Class.forName("org.h2.Driver")
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException("the H2 driver is not on the test class path", e);
    }
  }
}

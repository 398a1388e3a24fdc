package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.lab.Host;
import hangar.testing.HangarProcess;
import hangar.testing.ListeningPorts;
import hangar.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 database: a random password in a private file, a database made before that rule
 * moved to it with its rows, no network port when one process has it, loopback only when several
 * share it. Real files, real H2, real processes.
 */
class H2LoginTest {
  private static final DatabaseSettings SETTINGS =
      new DatabaseSettings(DbType.H2, "", 0, "hangar", "hangar", "");

  static {
    // This test opens H2 by itself too: H2 must load after the bind address is set, as in every
    // Hangar process, where Database sets it before any H2 class loads.
    H2Login.keepServersOnLoopback();
  }

  @TempDir Path dir;

  @Test
  void a_new_database_has_a_random_password_kept_in_a_private_file() throws Exception {
    Path data = dir.resolve("var");
    try (Database database = Database.open(SETTINGS, data)) {
      new HostStore(database, Clock.systemUTC())
          .create("board7", List.of(), hangar.lab.Protection.NO_PROTECTION);
    }

    Path file = data.resolve("db/hangar.password");
    assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
    assertThatThrownBy(() -> connect(data, ""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Wrong user name or password");
    try (Connection connection = connect(data, Files.readString(file).strip())) {
      assertThat(hostCount(connection)).isEqualTo(1);
    }
  }

  @Test
  void a_database_made_with_an_empty_password_moves_to_a_random_one_and_keeps_its_rows()
      throws Exception {
    Path data = dir.resolve("var");
    Path folder = Files.createDirectories(data.resolve("db"));
    // As Hangar made it before: AUTO_SERVER, the [AUTOTEST_WEB] user with an empty password.
    String old = "jdbc:h2:file:" + folder.resolve("hangar") + ";AUTO_SERVER=TRUE";
    Flyway.configure()
        .dataSource(old, "hangar", "")
        .placeholders(Dialect.of(DbType.H2).migrationPlaceholders())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    try (Connection connection = DriverManager.getConnection(old, "hangar", "");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO hosts (hostname, status, protection, created_on)"
              + " VALUES ('board7', 'READY', 'NO_PROTECTION', CURRENT_TIMESTAMP)");
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }

    try (Database database = Database.open(SETTINGS, data)) {
      assertThat(new HostStore(database, Clock.systemUTC()).list())
          .extracting(Host::hostname)
          .containsExactly("board7");
    }
    try (Database again = Database.open(SETTINGS, data)) {
      assertThat(new HostStore(again, Clock.systemUTC()).list()).hasSize(1);
    }

    String password = Files.readString(folder.resolve("hangar.password")).strip();
    assertThatThrownBy(() -> connect(data, "")).isInstanceOf(SQLException.class);
    try (Connection connection = connect(data, password)) {
      assertThat(hostCount(connection)).isEqualTo(1);
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.toList()).allSatisfy(f -> assertThat(mode(f)).isEqualTo("rw-------"));
    }
  }

  @Test
  void a_shared_file_whose_lock_another_process_is_taking_opens_once_it_settles() throws Exception {
    Path data = dir.resolve("var");
    try (Database first = Database.openShared(SETTINGS, data)) {
      // made, then closed: its file is there and its lock free
    }
    // Another process taking the lock at this moment: H2's lock file, written again and again
    // for 6 s (H2 gives up after 4 s of a lock file younger than 2 s), then left alone.
    Path lock = data.resolve("db/hangar.lock.db");
    Files.writeString(lock, "method=file\nid=another-process\n");
    Thread toucher =
        Thread.ofPlatform()
            .start(
                () -> {
                  long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                  while (System.nanoTime() < until) {
                    lock.toFile().setLastModified(System.currentTimeMillis());
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    try (Database second = Database.openShared(SETTINGS, data)) {
      int one = second.jdbi().withHandle(h -> h.select("SELECT 1").mapTo(Integer.class).one());
      assertThat(one).isEqualTo(1);
    } finally {
      toucher.interrupt();
      toucher.join();
    }
  }

  @Test
  void alone_it_opens_no_port_and_shared_it_listens_on_loopback_only() throws Exception {
    long pid = ProcessHandle.current().pid();
    Set<ListeningPorts.Listener> before = new HashSet<>(ListeningPorts.of(pid));

    try (Database alone = Database.open(SETTINGS, dir.resolve("alone"))) {
      assertThat(new HostStore(alone, Clock.systemUTC()).list()).isEmpty();
      assertThat(newListeners(pid, before)).isEmpty();
    }
    try (Database shared = Database.openShared(SETTINGS, dir.resolve("shared"))) {
      assertThat(new HostStore(shared, Clock.systemUTC()).list()).isEmpty();
      List<ListeningPorts.Listener> opened = newListeners(pid, before);
      assertThat(opened).hasSize(1).allSatisfy(l -> assertThat(l.isLoopback()).isTrue());
      assertThat(Files.readString(dir.resolve("shared/db/hangar.lock.db")))
          .contains("server=localhost\\:" + opened.get(0).port());
    }
  }

  @Test
  void a_scheduler_cannot_share_a_database_that_a_server_holds_alone() throws Exception {
    Path data = dir.resolve("var");
    DatabaseSettings settings = new DatabaseSettings(DbType.H2, "", 0, "hangar", "hangar", "");
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), settings);
    try (Database alone = Database.open(settings, data);
        HangarProcess scheduler =
            HangarProcess.start(
                dir.resolve("scheduler.log"),
                "scheduler",
                "--data",
                data.toString(),
                "--config",
                config.toString())) {
      String said =
          scheduler
              .awaitOutput(Pattern.compile("hangar scheduler: (.*)"), 1, Duration.ofSeconds(60))
              .get(0);
      assertThat(said)
          .contains("is open in another process that does not share it")
          .contains("hangar server --no-scheduler");
      assertThat(new HostStore(alone, Clock.systemUTC()).list()).isEmpty();
    }
  }

  private static List<ListeningPorts.Listener> newListeners(
      long pid, Set<ListeningPorts.Listener> before) {
    return ListeningPorts.of(pid).stream().filter(l -> !before.contains(l)).toList();
  }

  private static Connection connect(Path data, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + data.resolve("db/hangar").toAbsolutePath(), "hangar", password);
  }

  private static int hostCount(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT COUNT(*) FROM hosts")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

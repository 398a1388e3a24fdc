package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.OpenSshServer;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on a host reached over SSH, through the whole product: the server, its scheduler and drone
 * (which reads the [SSH] section of the same configuration), and a real OpenSSH sshd on a loopback
 * port standing in for the machine under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private OpenSshServer sshd;
  private DatabaseSettings database;
  private ServerRole server;
  private String url;

  @BeforeAll
  void start() throws Exception {
    sshd = OpenSshServer.start(dir.resolve("sshd"));
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    Files.writeString(
        config,
        "\n[SSH]\nidentity_files: "
            + sshd.clientKey()
            + "\nknown_hosts_file: "
            + sshd.knownHosts()
            + "\n",
        StandardOpenOption.APPEND);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void a_job_runs_its_tests_on_a_host_reached_over_ssh_as_its_record_says() throws Exception {
    Path seen = dir.resolve("seen-over-ssh");
    Path control =
        Files.writeString(
            dir.resolve("remote.control"),
            "job.run_test('shell', command: 'echo \"$SSH_CONNECTION\" > " + seen + "')\n");
    CliRunner.Result created =
        cli("host", "create", "127.0.0.1", "--user", sshd.user(), "--port", "" + sshd.port());
    assertThat(created.exitCode()).as(created.err()).isZero();

    CliRunner.Result job =
        cli("job", "create", "-m", "127.0.0.1", "-f", control.toString(), "remote", "--json");
    assertThat(job.exitCode()).as(job.err()).isZero();
    long id = JSON.readTree(job.out()).get("id").asLong();
    CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "120");

    JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
    assertThat(watched.exitCode()).as(stat.toString()).isZero();
    assertThat(stat.at("/entries/0/status").asText()).isEqualTo("Completed");
    assertThat(seen).content(UTF_8).startsWith("127.0.0.1 ").contains(" " + sshd.port() + "\n");
    JsonNode host = JSON.readTree(cli("host", "stat", "127.0.0.1", "--json").out());
    assertThat(host.get("ssh_user").asText()).isEqualTo(sshd.user());
    assertThat(host.get("ssh_port").asInt()).isEqualTo(sshd.port());
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", server.adminToken()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}

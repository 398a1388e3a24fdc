package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.Eventually;
import hangar.testing.OpenSshServer;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
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
  private OpenSshServer flaky;
  private OpenSshServer watched;
  private OpenSshServer revived;
  private DatabaseSettings database;
  private ServerRole server;
  private String url;

  @BeforeAll
  void start() throws Exception {
    sshd = OpenSshServer.start(dir.resolve("sshd"));
    flaky = OpenSshServer.start(dir.resolve("flaky"), "127.0.0.2");
    watched = OpenSshServer.start(dir.resolve("watched"), "127.0.0.3");
    revived = OpenSshServer.start(dir.resolve("revived"), "127.0.0.4");
    StringBuilder known = new StringBuilder();
    List<String> keys = new ArrayList<>();
    for (OpenSshServer host : List.of(sshd, flaky, watched, revived)) {
      known.append(Files.readString(host.knownHosts()));
      keys.add(host.clientKey().toString());
    }
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    // A host that is cut off is given 3 s to come back before its repair fails.
    Files.writeString(
        config,
        "\n[SSH]\nidentity_files: "
            + String.join(", ", keys)
            + "\nknown_hosts_file: "
            + knownHosts
            + "\n[AUTOSERV]\nboot_wait_seconds: 3\n",
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
    for (OpenSshServer host : java.util.Arrays.asList(flaky, watched, revived)) {
      if (host != null) {
        host.close();
      }
    }
    // The power reset of one test started an sshd of its own, as a daemon.
    Path daemon = dir.resolve("revived-daemon.pid");
    if (Files.exists(daemon)) {
      ProcessHandle.of(Long.parseLong(Files.readString(daemon).strip()))
          .ifPresent(ProcessHandle::destroyForcibly);
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

  @Test
  void a_host_cut_off_mid_test_fails_its_entry_and_goes_through_verify_to_repair()
      throws Exception {
    Path started = dir.resolve("cut-started");
    Path control =
        Files.writeString(
            dir.resolve("cut.control"),
            "job.run_test('shell', command: 'touch " + started + "; sleep 120')\n");
    CliRunner.Result created =
        cli("host", "create", "127.0.0.2", "--user", flaky.user(), "--port", "" + flaky.port());
    assertThat(created.exitCode()).as(created.err()).isZero();
    CliRunner.Result job =
        cli("job", "create", "-m", "127.0.0.2", "-f", control.toString(), "cut", "--json");
    assertThat(job.exitCode()).as(job.err()).isZero();
    long id = JSON.readTree(job.out()).get("id").asLong();
    Eventually.await(
        Duration.ofSeconds(60), "the test runs on the host", () -> Files.exists(started));

    flaky.cut();

    CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "120");
    assertThat(watched.exitCode()).isEqualTo(1);
    JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
    assertThat(stat.at("/entries/0/status").asText()).isEqualTo("Failed");
    assertThat(stat.at("/entries/0/reason").asText()).isNotEmpty();
    Eventually.await(
        Duration.ofSeconds(120),
        "the host ends Repair Failed",
        () -> hostStat("127.0.0.2").get("status").asText().equals("Repair Failed"));
    String tasks = cli("host", "stat", "127.0.0.2").out();
    assertThat(tasks).contains("Verify").contains("Repair");
    assertThat(tasks).containsPattern("(?s)Repair.*(not back within|cannot connect|refused)");
  }

  @Test
  void a_session_keeps_the_console_of_its_host_in_console_log() throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("console.control"), "job.run_test('sleeptest', seconds: 1.5)\n");
    CliRunner.Result created =
        cli(
            "host",
            "create",
            "127.0.0.3",
            "--user",
            watched.user(),
            "--port",
            "" + watched.port(),
            "--console",
            "while true; do echo console says hello; sleep 0.2; done",
            "--power-reset",
            "true");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(cli("host", "stat", "127.0.0.3").out())
        .contains("Console")
        .contains("console says hello")
        .contains("Power reset");

    CliRunner.Result job =
        cli("job", "create", "-m", "127.0.0.3", "-f", control.toString(), "console", "--json");
    long id = JSON.readTree(job.out()).get("id").asLong();
    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isZero();

    CliRunner.Result log = cli("job", "results", Long.toString(id), "127.0.0.3/console.log");
    assertThat(log.exitCode()).as(log.err()).isZero();
    assertThat(log.out()).contains("console says hello");
    assertThat(ProcessHandle.current().descendants())
        .as("the console command stops with its session")
        .noneMatch(p -> p.info().commandLine().orElse("").contains("console says hello"));
  }

  @Test
  void a_host_cut_off_comes_back_through_its_power_reset() throws Exception {
    Path started = dir.resolve("revived-started");
    // The "power reset" starts the host's sshd again, as a power cycle would boot the machine.
    String powerReset =
        "/usr/sbin/sshd -f "
            + dir.resolve("revived/sshd_config")
            + " -o PidFile="
            + dir.resolve("revived-daemon.pid");
    CliRunner.Result created =
        cli(
            "host",
            "create",
            "127.0.0.4",
            "--user",
            revived.user(),
            "--port",
            "" + revived.port(),
            "--power-reset",
            powerReset);
    assertThat(created.exitCode()).as(created.err()).isZero();
    Path control =
        Files.writeString(
            dir.resolve("revived.control"),
            "job.run_test('shell', command: 'touch " + started + "; sleep 120')\n");
    CliRunner.Result job =
        cli("job", "create", "-m", "127.0.0.4", "-f", control.toString(), "revived", "--json");
    long id = JSON.readTree(job.out()).get("id").asLong();
    Eventually.await(
        Duration.ofSeconds(60), "the test runs on the host", () -> Files.exists(started));

    revived.cut();

    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isEqualTo(1);
    Eventually.await(
        Duration.ofSeconds(120),
        "the repair brings the host back",
        () -> {
          JsonNode host = hostStat("127.0.0.4");
          return host.get("status").asText().equals("Ready")
              && host.path("special_tasks").toString().contains("\"Repair\"");
        });
    String tasks = cli("host", "stat", "127.0.0.4").out();
    assertThat(tasks).contains("Verify").contains("Repair");
  }

  @Test
  void host_power_runs_the_hosts_own_power_command() throws Exception {
    Path switched = dir.resolve("switched");
    CliRunner.Result created =
        cli(
            "host",
            "create",
            "power-box",
            "--power-on",
            "echo relay 3 closed; echo on > " + switched,
            "--power-reset",
            "exit 4");
    assertThat(created.exitCode()).as(created.err()).isZero();

    CliRunner.Result on = cli("host", "power", "power-box", "on");
    CliRunner.Result reset = cli("host", "power", "power-box", "reset");
    CliRunner.Result off = cli("host", "power", "power-box", "off");

    assertThat(on.exitCode()).as(on.err()).isZero();
    assertThat(on.out()).contains("relay 3 closed").contains("exit status 0");
    assertThat(switched).content(UTF_8).isEqualTo("on\n");
    assertThat(reset.exitCode()).isEqualTo(1);
    assertThat(reset.out()).contains("Power reset of host power-box (exit 4): exit status 4");
    assertThat(off.exitCode()).isEqualTo(1);
    assertThat(off.err())
        .contains("host power-box has no power off command")
        .contains("hangar host mod power-box --power-off COMMAND");
  }

  private JsonNode hostStat(String name) {
    try {
      return JSON.readTree(cli("host", "stat", name, "--json").out());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", server.adminToken()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab whose only drone is another machine reached over SSH (a real sshd on its own loopback
 * address): the scheduler installs Hangar there, drives the drone over the SSH channel, serves its
 * files while the job runs, survives the channel dropping mid-job, and copies the results back,
 * verified, before the entry finishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteDroneEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DRONE = "127.0.0.31";

  @TempDir static Path dir;

  private OpenSshServer sshd;
  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private Path install;

  @BeforeAll
  void start() throws Exception {
    sshd = OpenSshServer.start(dir.resolve("sshd"), DRONE);
    install = dir.resolve("d1");
    database = TestDatabases.fresh(DbType.H2);
    Path config =
        TestConfigs.write(
            dir.resolve("global_config.ini"),
            database,
            "drones: " + DRONE,
            DRONE + "_port: " + sshd.port(),
            DRONE + "_username: " + sshd.user(),
            "drone_installation_directory: " + install,
            // Ticks ten minutes apart: the job below goes on only as the drone's events wake the
            // scheduler (its start, its session's end, the parse on the drone, the verified copy).
            "tick_pause_sec: 600");
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
    CliRunner.Result host = cli("host", "create", "localhost");
    assertThat(host.exitCode()).as(host.err()).isZero();
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
  void a_job_runs_on_the_ssh_drone_and_its_results_come_back_verified() throws Exception {
    Path marker = dir.resolve("running");
    Path release = dir.resolve("release");
    Path control =
        Files.writeString(
            dir.resolve("remote.control"),
            "job.run_test('shell', command: 'echo ran-on-drone; touch "
                + marker
                + "; while [ ! -e "
                + release
                + " ]; do sleep 0.2; done')\n");
    CliRunner.Result job =
        cli("job", "create", "-m", "localhost", "-f", control.toString(), "remote", "--json");
    assertThat(job.exitCode()).as(job.err()).isZero();
    long id = JSON.readTree(job.out()).get("id").asLong();
    String tag =
        id
            + "-"
            + JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out())
                .get("owner")
                .asText();
    CompletableFuture<CliRunner.Result> tail =
        CompletableFuture.supplyAsync(
            () -> cli("job", "tail", Long.toString(id), "localhost", "--interval", "0.2"));

    Eventually.await(
        Duration.ofSeconds(120), "the test to run on the drone", () -> Files.exists(marker));
    // While it runs, the server reads its files from the drone, which has the only copy.
    Path onDrone = install.resolve("results").resolve(tag).resolve("localhost");
    assertThat(onDrone.resolve("status.log")).exists();
    assertThat(dir.resolve("var/results").resolve(tag).resolve("localhost/status.log"))
        .doesNotExist();
    HttpResponse<String> live = get("/results/" + tag + "/localhost/status.log");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.headers().firstValue("X-Hangar-Drone")).hasValue(DRONE);
    assertThat(live.body()).contains("START\tshell");
    assertThat(get("/results/" + tag + "/localhost/status.log?offset=5").body())
        .isEqualTo(live.body().substring(5));

    // The SSH channel drops: the relay on the drone dies, the session runs on.
    killRelay();
    Files.writeString(release, "go");

    CliRunner.Result tailed = tail.get();
    assertThat(tailed.exitCode()).as(tailed.err()).isZero();
    assertThat(tailed.out()).contains("START\tshell").contains("END GOOD\tshell");
    JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
    assertThat(stat.at("/entries/0/status").asText()).isEqualTo("Completed");
    assertThat(stat.at("/entries/0/drone").asText()).isEqualTo(DRONE);
    // Parsed on the drone (which has no database access); only the records came back.
    JsonNode parsed = JSON.readTree(cli("job", "tests", Long.toString(id), "--json").out());
    assertThat(parsed.at("/0/drone").asText()).isEqualTo(DRONE);
    assertThat(parsed.at("/0/results/status").asText()).isEqualTo("GOOD");
    assertThat(parsed.at("/0/results/tests/0/name").asText()).isEqualTo("shell");

    // The copy on the server is whole; the drone's was deleted once the copy was verified.
    Path copied = dir.resolve("var/results").resolve(tag).resolve("localhost");
    assertThat(copied.resolve("status.log")).content(UTF_8).contains("END GOOD\tshell");
    assertThat(copied.resolve("shell/debug/stdout")).content(UTF_8).contains("ran-on-drone");
    Eventually.await(
        Duration.ofSeconds(30), "the drone to delete its copy", () -> !Files.exists(onDrone));
    HttpResponse<String> served = get("/results/" + tag + "/localhost/status.log");
    assertThat(served.headers().firstValue("X-Hangar-Drone")).isEmpty();
    assertThat(served.body()).contains("END GOOD\tshell");
  }

  @Test
  void the_drone_list_shows_the_ssh_drone_online_with_its_version() throws Exception {
    JsonNode drones = JSON.readTree(cli("drone", "list", "--json").out());
    assertThat(drones).hasSize(1);
    assertThat(drones.get(0).get("name").asText()).isEqualTo(DRONE);
    assertThat(drones.get(0).get("kind").asText()).isEqualTo("ssh");
    assertThat(drones.get(0).get("state").asText()).isEqualTo("online");
    assertThat(drones.get(0).get("version").asText()).isNotEmpty();
    assertThat(install.resolve("VERSION")).exists();
    assertThat(install.resolve("lib/hangar.jar")).exists();
  }

  private void killRelay() throws Exception {
    Process pkill =
        new ProcessBuilder("pkill", "-f", "--", "--dir " + install.resolve("drone") + " --relay")
            .redirectErrorStream(true)
            .start();
    String out = new String(pkill.getInputStream().readAllBytes(), UTF_8);
    assertThat(pkill.waitFor()).as("pkill: " + out).isZero();
  }

  private HttpResponse<String> get(String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(url + path))
              .header("Authorization", "Bearer " + server.adminToken())
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", server.adminToken()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}

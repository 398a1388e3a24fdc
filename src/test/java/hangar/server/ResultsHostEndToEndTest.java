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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results host and an archive host on other machines (real sshd on their own loopback addresses):
 * every finished job's folder goes to the results host, checked there before the server's copy is
 * deleted; files are served through the server from wherever they are; a results host that is down
 * delays the copy and loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsHostEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DUMPSTER = "127.0.0.41";
  private static final String ATTIC = "127.0.0.42";

  @TempDir static Path dir;

  private OpenSshServer dumpster;
  private OpenSshServer attic;
  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private Path repository;

  @BeforeAll
  void start() throws Exception {
    dumpster = OpenSshServer.start(dir.resolve("dumpster-sshd"), DUMPSTER);
    attic = OpenSshServer.start(dir.resolve("attic-sshd"), ATTIC);
    repository = dir.resolve("repository");
    database = TestDatabases.fresh(DbType.H2);
    Path config =
        TestConfigs.write(
            dir.resolve("global_config.ini"),
            database,
            "results_host: " + DUMPSTER,
            DUMPSTER + "_port: " + dumpster.port(),
            DUMPSTER + "_username: " + dumpster.user(),
            "archive_host: " + ATTIC,
            ATTIC + "_port: " + attic.port(),
            "results_host_installation_directory: " + repository);
    Path knownHosts =
        Files.writeString(
            dir.resolve("known_hosts"),
            Files.readString(dumpster.knownHosts()) + Files.readString(attic.knownHosts()));
    Files.writeString(
        config,
        "\n[SSH]\nidentity_files: "
            + dumpster.clientKey()
            + ", "
            + attic.clientKey()
            + "\nknown_hosts_file: "
            + knownHosts
            + "\n",
        StandardOpenOption.APPEND);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    assertThat(cli("host", "create", "localhost").exitCode()).isZero();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
    for (OpenSshServer sshd : java.util.Arrays.asList(dumpster, attic)) {
      if (sshd != null) {
        sshd.close();
      }
    }
  }

  @Test
  void a_finished_job_lands_on_the_results_host_checked_and_is_read_through_the_server()
      throws Exception {
    String tag = runJob("echo on-the-dumpster");

    Path landed = repository.resolve(tag).resolve("localhost");
    assertThat(landed.resolve("status.log")).content(UTF_8).contains("END GOOD\tshell");
    assertThat(landed.resolve("shell/debug/stdout")).content(UTF_8).contains("on-the-dumpster");
    assertThat(server.resultsDir().resolve(tag)).doesNotExist();

    HttpResponse<String> served = get("/results/" + tag + "/localhost/status.log");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("X-Hangar-Results-Host")).hasValue(DUMPSTER);
    assertThat(served.body()).isEqualTo(Files.readString(landed.resolve("status.log")));
    assertThat(get("/results/" + tag + "/localhost/status.log?offset=4").body())
        .isEqualTo(served.body().substring(4));
    CliRunner.Result listed = cli("job", "results", tag.substring(0, tag.indexOf('-')));
    assertThat(listed.out()).contains("localhost/status.log");
  }

  @Test
  void a_results_host_that_is_down_delays_the_copy_and_loses_nothing() throws Exception {
    dumpster.cut();
    long id;
    try {
      id = createJob("echo while-the-dumpster-was-down");
      Eventually.await(
          Duration.ofSeconds(60),
          "the entry to wait Gathering",
          () -> entryStatus(id).equals("Gathering"));
      Thread.sleep(3000);
      assertThat(entryStatus(id)).isEqualTo("Gathering");
      String tag = tagOf(id);
      assertThat(server.resultsDir().resolve(tag).resolve("localhost/status.log")).exists();

      // With the results host down, the archive host is asked last; it has what the dumpster had.
      Path archived = Files.createDirectories(repository.resolve("0-archived/localhost"));
      Files.writeString(archived.resolve("status.log"), "END GOOD\tarchived\n");
      HttpResponse<String> old = get("/results/0-archived/localhost/status.log");
      assertThat(old.headers().firstValue("X-Hangar-Results-Host")).hasValue(ATTIC);
      assertThat(old.body()).isEqualTo("END GOOD\tarchived\n");
    } finally {
      dumpster.restartWhenItStops(Duration.ZERO);
    }
    Eventually.await(
        Duration.ofSeconds(90),
        "the copy to go through once the results host is back",
        () -> entryStatus(id).equals("Completed"));
    assertThat(repository.resolve(tagOf(id)).resolve("localhost/shell/debug/stdout"))
        .content(UTF_8)
        .contains("while-the-dumpster-was-down");
    assertThat(server.resultsDir().resolve(tagOf(id))).doesNotExist();
  }

  @Test
  void a_results_host_listing_shows_nothing_of_a_link_out_and_nothing_is_read_through_it()
      throws Exception {
    Path folder = Files.createDirectories(repository.resolve("0-linked/localhost"));
    Files.writeString(folder.resolve("status.log"), "END GOOD\tlinked\n");
    Files.createSymbolicLink(folder.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(folder.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(folder.resolve("log"), Path.of("status.log"));

    HttpResponse<String> listed = get("/results/0-linked/localhost/", "application/json");

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.headers().firstValue("X-Hangar-Results-Host")).hasValue(DUMPSTER);
    assertThat(JSON.readTree(listed.body()).get("entries").toString())
        .isEqualTo(
            "["
                + "{\"name\":\"etc\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"name\":\"log\",\"directory\":false,\"size\":16,\"link\":\"inside\"},"
                + "{\"name\":\"passwd\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"name\":\"status.log\",\"directory\":false,\"size\":16}]");
    for (String path :
        List.of("/results/0-linked/localhost/passwd", "/results/0-linked/localhost/etc/hostname")) {
      HttpResponse<String> refused = get(path, "application/json");
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.body()).contains("outside the results folder").doesNotContain("root:");
    }
    HttpResponse<String> inside = get("/results/0-linked/localhost/log", "text/plain");
    assertThat(inside.statusCode()).isEqualTo(200);
    assertThat(inside.body()).isEqualTo("END GOOD\tlinked\n");
  }

  private String runJob(String command) throws Exception {
    long id = createJob(command);
    CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "120");
    assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
    return tagOf(id);
  }

  private long createJob(String command) throws Exception {
    Path control =
        Files.writeString(
            Files.createTempFile(dir, "job", ".control"),
            "job.run_test('shell', command: '" + command + "')\n");
    CliRunner.Result job =
        cli("job", "create", "-m", "localhost", "-f", control.toString(), "r", "--json");
    assertThat(job.exitCode()).as(job.err()).isZero();
    return JSON.readTree(job.out()).get("id").asLong();
  }

  private String tagOf(long id) throws Exception {
    JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
    return id + "-" + stat.get("owner").asText();
  }

  private String entryStatus(long id) {
    try {
      return JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out())
          .at("/entries/0/status")
          .asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, "*/*");
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(url + path))
              .header("Accept", accept)
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

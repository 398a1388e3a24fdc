package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.api.ApiServer;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.Polling;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on one machine: the server on a free port with a temporary data directory, its
 * scheduler and {@code localhost} drone, driven through the CLI as a user would, with the sample
 * control files shipped in {@code examples/}. Run on every database by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  abstract DbType type();

  @BeforeAll
  void startServer() throws IOException {
    database = TestDatabases.fresh(type());
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    assertThat(cli("host", "create", "localhost").exitCode()).isZero();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void passing_and_failing_jobs_end_as_their_status_logs_say() throws Exception {
    long passing = create("first", Path.of("examples/first.control"));
    long failing = create("broken", Path.of("examples/failing.control"));

    assertThat(cli("job", "watch", Long.toString(passing), "--timeout", "120").exitCode()).isZero();
    assertThat(cli("job", "watch", Long.toString(failing), "--timeout", "120").exitCode())
        .isEqualTo(1);

    JsonNode good = stat(passing);
    assertThat(good.get("status").asText()).isEqualTo("Completed");
    assertThat(good.get("owner").asText()).isEqualTo("admin");
    assertThat(good.get("name").asText()).isEqualTo("first");
    assertThat(good.at("/entries/0/host").asText()).isEqualTo("localhost");
    assertThat(good.at("/entries/0/status").asText()).isEqualTo("Completed");
    String goodLog = statusLog(passing);
    assertThat(goodLog).contains("END GOOD\tsleeptest\tsleeptest\ttimestamp=");
    assertThat(goodLog).contains("END GOOD\tshell\tshell\ttimestamp=");
    assertThat(goodLog).contains("\tlocaltime=");

    JsonNode bad = stat(failing);
    assertThat(bad.get("status").asText()).isEqualTo("Failed");
    assertThat(bad.at("/entries/0/status").asText()).isEqualTo("Failed");
    assertThat(bad.at("/entries/0/reason").asText()).contains("exited with status 1");
    assertThat(statusLog(failing)).contains("END FAIL").contains("exited with status 1");

    // Both status logs were parsed into the results database before the entries finished.
    JsonNode parsed = JSON.readTree(cli("job", "tests", Long.toString(passing), "--json").out());
    assertThat(parsed).hasSize(1);
    assertThat(parsed.at("/0/tag").asText()).isEqualTo(passing + "-admin/localhost");
    assertThat(parsed.at("/0/results/status").asText()).isEqualTo("GOOD");
    assertThat(parsed.at("/0/results/machine").asText()).isEqualTo("localhost");
    assertThat(parsed.at("/0/results/tests/0/name").asText()).isEqualTo("sleeptest");
    assertThat(parsed.at("/0/results/tests/1/name").asText()).isEqualTo("shell");
    assertThat(parsed.at("/0/results/tests/1/status").asText()).isEqualTo("GOOD");
    assertThat(cli("job", "tests", Long.toString(failing)).out())
        .contains("localhost  shell")
        .contains("FAIL")
        .contains("command exited with status 1");
    assertThat(cli("job", "tests", "999999").exitCode()).isNotZero();

    HttpResponse<String> served =
        get("/results/" + passing + "-admin/localhost/status.log", "text/plain");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(goodLog);
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(cli("job", "results", Long.toString(passing), "localhost/status.log").out())
        .isEqualTo(goodLog);
    HttpResponse<String> folder = get("/results/" + passing + "-admin/localhost/", "text/html");
    assertThat(folder.statusCode()).isEqualTo(200);
    assertThat(folder.body()).contains("<a href=\"status.log\">").contains("<a href=\"debug/\">");
    HttpResponse<String> noSlash = get("/results/" + passing + "-admin/localhost", "text/html");
    assertThat(noSlash.statusCode()).isEqualTo(302);
    assertThat(noSlash.headers().firstValue("Location"))
        .hasValueSatisfying(
            l -> assertThat(l).endsWith("/results/" + passing + "-admin/localhost/"));
    assertThat(Files.readString(resultsDir(passing).resolve("control")))
        .isEqualTo(Files.readString(Path.of("examples/first.control")));
    assertThat(resultsDir(passing).resolve("debug")).isDirectory();
  }

  @Test
  void hosts_and_labels_are_managed_through_the_cli() throws Exception {
    assertThat(cli("label", "create", "x86_64", "--platform").exitCode()).isZero();
    assertThat(cli("host", "create", "board1", "-b", "x86_64").exitCode()).isZero();
    assertThat(cli("label", "create", "ssd").exitCode()).isZero();
    assertThat(cli("label", "add", "ssd", "-m", "board1").exitCode()).isZero();

    JsonNode board = JSON.readTree(cli("host", "stat", "board1", "--json").out());
    assertThat(board.get("status").asText()).isEqualTo("Ready");
    assertThat(board.get("labels")).extracting(JsonNode::asText).containsExactly("ssd", "x86_64");

    assertThat(cli("host", "mod", "board1", "--lock", "-r", "new disk").exitCode()).isZero();
    JsonNode locked = JSON.readTree(cli("host", "stat", "board1", "--json").out());
    assertThat(locked.get("locked").asBoolean()).isTrue();
    assertThat(locked.get("lock_reason").asText()).isEqualTo("new disk");
    assertThat(locked.get("locked_by").asText()).isEqualTo("admin");
    assertThat(cli("host", "list", "--locked").out()).contains("board1");
    assertThat(cli("host", "mod", "board1", "--unlock").exitCode()).isZero();

    assertThat(cli("label", "remove", "ssd", "-m", "board1").exitCode()).isZero();
    JsonNode labels = JSON.readTree(cli("label", "list", "--json").out());
    assertThat(labels.findValues("name")).extracting(JsonNode::asText).contains("ssd", "x86_64");
    assertThat(cli("host", "delete", "board1").exitCode()).isZero();
    CliRunner.Result gone = cli("host", "stat", "board1");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("host 'board1' not found");
  }

  @Test
  void a_host_with_an_unfinished_job_is_not_deleted() throws Exception {
    assertThat(cli("host", "create", "busy1").exitCode()).isZero();
    assertThat(cli("host", "mod", "busy1", "--lock", "-r", "keep the job queued").exitCode())
        .isZero();
    long id = create("waits", Path.of("examples/first.control"), "busy1");

    CliRunner.Result refused = cli("host", "delete", "busy1");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("[" + id + "]");
    hangar.testing.Polling.await(
        "the wait reason",
        () ->
            java.util.Optional.of(stat(id).at("/entries/0/reason").asText())
                .filter(r -> r.equals("waiting: host busy1 is locked (keep the job queued)")));
    assertThat(cli("job", "abort", Long.toString(id)).exitCode()).isZero();
    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "60").exitCode()).isEqualTo(1);
    assertThat(stat(id).get("status").asText()).isEqualTo("Aborted");
    assertThat(cli("host", "delete", "busy1").exitCode()).isZero();
  }

  @Test
  void a_meta_host_job_runs_on_a_host_with_the_label_and_an_impossible_count_is_refused()
      throws Exception {
    assertThat(cli("label", "create", "e2e_arch").exitCode()).isZero();
    assertThat(cli("label", "add", "e2e_arch", "-m", "localhost").exitCode()).isZero();
    int before = jobCount();

    CliRunner.Result refused =
        cli("job", "create", "-m", "2*e2e_arch", "-f", "examples/first.control", "two");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("asks for 2 hosts with label e2e_arch but only 1");
    assertThat(jobCount()).isEqualTo(before);
    long id = create("meta", Path.of("examples/first.control"), "*e2e_arch");
    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isZero();
    JsonNode job = stat(id);
    assertThat(job.at("/entries/0/meta_host").asText()).isEqualTo("e2e_arch");
    assertThat(job.at("/entries/0/host").asText()).isEqualTo("localhost");
    assertThat(job.at("/entries/0/status").asText()).isEqualTo("Completed");
  }

  @Test
  void a_server_side_job_takes_its_hosts_together_and_too_large_a_synch_count_is_refused()
      throws Exception {
    assertThat(cli("host", "create", "e2e-peer").exitCode()).isZero();
    assertThat(cli("host", "mod", "--lock", "-r", "keeps the job queued", "e2e-peer").exitCode())
        .isZero();
    int before = jobCount();

    CliRunner.Result refused =
        cli(
            "job",
            "create",
            "-m",
            "localhost,e2e-peer",
            "-y",
            "3",
            "-f",
            "examples/first.control",
            "three");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("asks for 3 hosts together (synch count) but for only 2");
    assertThat(jobCount()).isEqualTo(before);
    CliRunner.Result created =
        cli(
            "job",
            "create",
            "-s",
            "-m",
            "localhost,e2e-peer",
            "-f",
            "examples/first.control",
            "pair",
            "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    long id = JSON.readTree(created.out()).get("id").asLong();
    assertThat(stat(id).get("synch_count").asInt()).isEqualTo(2);
    assertThat(cli("job", "abort", Long.toString(id)).exitCode()).isZero();
    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "60").exitCode()).isEqualTo(1);
    assertThat(stat(id).get("status").asText()).isEqualTo("Aborted");
  }

  @Test
  void an_atomic_group_is_managed_through_the_cli_and_its_job_runs_on_its_label() throws Exception {
    assertThat(cli("label", "create", "e2e-rack-a").exitCode()).isZero();
    assertThat(cli("label", "add", "e2e-rack-a", "-m", "localhost").exitCode()).isZero();
    assertThat(cli("atomicgroup", "create", "e2e-rack", "-n", "2", "-d", "a rack").exitCode())
        .isZero();
    CliRunner.Result twice = cli("atomicgroup", "create", "e2e-rack");
    assertThat(twice.exitCode()).isEqualTo(1);
    assertThat(twice.err()).isEqualTo("atomic group 'e2e-rack' already exists\n");
    assertThat(cli("atomicgroup", "add", "e2e-rack", "--label", "e2e-rack-a").exitCode()).isZero();
    assertThat(cli("atomicgroup", "create", "e2e-other").exitCode()).isZero();
    CliRunner.Result taken = cli("atomicgroup", "add", "e2e-other", "-l", "e2e-rack-a");
    assertThat(taken.exitCode()).isEqualTo(1);
    assertThat(taken.err()).contains("already belongs to atomic group 'e2e-rack'");
    JsonNode group = JSON.readTree(cli("atomicgroup", "stat", "e2e-rack", "--json").out());
    assertThat(group.get("max_number_of_machines").asInt()).isEqualTo(2);
    assertThat(group.get("labels")).extracting(JsonNode::asText).containsExactly("e2e-rack-a");
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/atomicgroups/e2e-other"))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    int before = jobCount();

    CliRunner.Result refused =
        cli("job", "create", "-G", "e2e-rack", "-y", "2", "-f", "examples/first.control", "two");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("no label has that many it could ever use");
    assertThat(jobCount()).isEqualTo(before);
    CliRunner.Result created =
        cli("job", "create", "-G", "e2e-rack", "-f", "examples/first.control", "rack", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    long id = JSON.readTree(created.out()).get("id").asLong();
    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isZero();
    JsonNode job = stat(id);
    assertThat(job.get("atomic_group").asText()).isEqualTo("e2e-rack");
    assertThat(job.at("/entries/0/host").asText()).isEqualTo("localhost");
    assertThat(job.at("/entries/0/execution_subdir").asText()).isEqualTo("group0");
    assertThat(cli("job", "stat", Long.toString(id)).out()).contains("Atomic group:");
    assertThat(cli("atomicgroup", "delete", "e2e-rack").exitCode()).isZero();
    assertThat(cli("atomicgroup", "list").out()).doesNotContain("e2e-rack ");
  }

  @Test
  void an_atomic_group_a_queued_job_uses_is_deleted_only_with_force() throws Exception {
    assertThat(cli("label", "create", "e2e-locked-rack").exitCode()).isZero();
    assertThat(cli("host", "create", "e2e-racked", "-b", "e2e-locked-rack").exitCode()).isZero();
    assertThat(cli("host", "mod", "e2e-racked", "--lock", "-r", "keeps it queued").exitCode())
        .isZero();
    assertThat(cli("atomicgroup", "create", "e2e-held").exitCode()).isZero();
    assertThat(cli("atomicgroup", "add", "e2e-held", "-l", "e2e-locked-rack").exitCode()).isZero();
    CliRunner.Result created =
        cli("job", "create", "-G", "e2e-held", "-f", "examples/first.control", "held", "--json");
    long id = JSON.readTree(created.out()).get("id").asLong();

    CliRunner.Result inUse = cli("atomicgroup", "delete", "e2e-held");

    assertThat(inUse.exitCode()).isEqualTo(1);
    assertThat(inUse.err()).contains("is used by unfinished jobs [" + id + "]");
    Polling.await(
        "the wait reason",
        () ->
            Optional.of(stat(id).at("/entries/0/reason").asText())
                .filter(r -> r.startsWith("waiting: atomic group e2e-held needs 1 Ready host")));
    assertThat(cli("atomicgroup", "delete", "e2e-held", "--force").exitCode()).isZero();
    JsonNode job = stat(id);
    assertThat(job.get("status").asText()).isEqualTo("Failed");
    assertThat(job.at("/entries/0/reason").asText()).isEqualTo("atomic group e2e-held deleted");
    assertThat(cli("host", "delete", "e2e-racked").exitCode()).isZero();
  }

  @Test
  void a_job_on_an_unknown_host_is_refused_and_nothing_is_created() throws Exception {
    int before = jobCount();

    CliRunner.Result result =
        cli("job", "create", "-m", "localhost,ghost", "-f", "examples/first.control", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("host 'ghost' not found");
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void a_control_file_syntax_error_fails_the_entry_with_its_line_and_the_server_goes_on()
      throws Exception {
    Path control = dir.resolve("syntax.control");
    Files.writeString(control, "job.run_test('sleeptest', seconds: 1)\njob.run_test('shell',\n");

    long id = create("syntax", control);

    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isEqualTo(1);
    assertThat(stat(id).at("/entries/0/reason").asText()).contains("line 2");
    assertThat(get("/api/v1/server", "application/json").statusCode()).isEqualTo(200);
  }

  @Test
  void aborting_a_running_job_stops_its_session() throws Exception {
    Path control = dir.resolve("long.control");
    Files.writeString(control, "job.run_test('shell', command: 'sleep 300')\n");
    long id = create("long", control);
    hangar.testing.Polling.await(
        "job " + id + " to run",
        () ->
            java.util.Optional.of(stat(id))
                .filter(j -> j.at("/entries/0/status").asText().equals("Running")));

    assertThat(cli("job", "abort", Long.toString(id)).exitCode()).isZero();

    assertThat(cli("job", "watch", Long.toString(id), "--timeout", "120").exitCode()).isEqualTo(1);
    assertThat(stat(id).get("status").asText()).isEqualTo("Aborted");
    assertThat(statusLog(id)).contains("ABORT");
  }

  @Test
  void a_result_path_leaving_the_results_directory_is_refused() throws Exception {
    List<String> attempts =
        List.of(
            "/results/../admin.token",
            "/results/%2e%2e/admin.token",
            "/results/1-admin/..%2f..%2fadmin.token",
            "/results/..%2F..%2Fvar%2Fadmin.token",
            "/results/%2Fetc%2Fpasswd");
    List<Integer> statuses = new ArrayList<>();
    for (String path : attempts) {
      HttpResponse<String> response = get(path, "*/*");
      statuses.add(response.statusCode());
      assertThat(response.body()).doesNotContain(server.adminToken()).doesNotContain("root:");
    }
    assertThat(statuses).allSatisfy(s -> assertThat(s).isBetween(400, 499));
  }

  @Test
  void a_write_without_the_token_is_refused_and_changes_nothing() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/hosts"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\": \"sneaky\"}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).get("title").asText())
        .contains("needs a login")
        .contains("hangar login");
    assertThat(cli("host", "list", "--json").out()).doesNotContain("sneaky");
  }

  @Test
  void host_reverify_runs_a_verify_that_host_stat_shows_and_needs_the_token() throws Exception {
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/hosts/localhost/reverify"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);

    CliRunner.Result asked = cli("host", "reverify", "localhost");
    assertThat(asked.exitCode()).as(asked.err()).isZero();
    assertThat(asked.out()).startsWith("Verify of host localhost asked (task ");
    assertThat(cli("host", "reverify", "nowhere").exitCode()).isNotZero();

    JsonNode task =
        Polling.await(
            "the verify to complete",
            () -> {
              try {
                JsonNode host = JSON.readTree(cli("host", "stat", "localhost", "--json").out());
                JsonNode latest = host.at("/special_tasks/0");
                return latest.path("status").asText().equals("Completed")
                        && host.get("status").asText().equals("Ready")
                    ? Optional.of(latest)
                    : Optional.empty();
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
    assertThat(task.get("task").asText()).isEqualTo("Verify");
    assertThat(task.get("success").asBoolean()).isTrue();
    assertThat(task.get("started_on").asText()).isNotEmpty();
    assertThat(task.get("finished_on").asText()).isNotEmpty();
    HttpResponse<String> log = get(task.get("results_url").asText() + "status.log", "text/plain");
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.body()).contains("verify.disk").contains("END GOOD");
    String text = cli("host", "stat", "localhost").out();
    assertThat(text).contains("Recent special tasks:").contains("Verify").contains("Completed");
  }

  @Test
  void a_second_server_on_the_same_port_says_the_port_is_taken() {
    assertThatThrownBy(
            () ->
                ServerRole.start(
                    GlobalConfig.defaults(),
                    dir.resolve("other"),
                    "127.0.0.1",
                    server.port(),
                    Clock.systemUTC()))
        .isInstanceOf(ApiServer.PortTakenException.class)
        .hasMessageContaining("port " + server.port())
        .hasMessageContaining("is taken");
    assertThat(dir.resolve("other/drone/drone.sock"))
        .as("the port is checked before the scheduler starts a drone daemon")
        .doesNotExist();
  }

  private long create(String name, Path control) throws IOException {
    return create(name, control, "localhost");
  }

  private long create(String name, Path control, String hosts) throws IOException {
    CliRunner.Result result =
        cli("job", "create", "-m", hosts, "-f", control.toString(), name, "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out()).get("id").asLong();
  }

  private JsonNode stat(long id) {
    CliRunner.Result result = cli("job", "stat", Long.toString(id), "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("job stat printed no JSON: " + result.out(), e);
    }
  }

  private int jobCount() throws IOException {
    return JSON.readTree(cli("job", "list", "--json").out()).size();
  }

  private Path resultsDir(long id) {
    return server.resultsDir().resolve(id + "-admin").resolve("localhost");
  }

  private String statusLog(long id) throws IOException {
    return Files.readString(resultsDir(id).resolve("status.log"));
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Accept", accept)
            .header("Authorization", "Bearer " + server.adminToken())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", server.adminToken()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}

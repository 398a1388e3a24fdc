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
import hangar.testing.HangarProcess;
import hangar.testing.TcpProxy;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that dials the server (a real {@code hangar drone --master} process) through a TCP
 * forwarder standing in for the network: it runs a job while the localhost drone is drained, its
 * link is cut and restored mid-job, and the job ends once, with every result copied back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private TcpProxy network;
  private HangarProcess worker;
  private String token;

  @BeforeAll
  void start() throws Exception {
    database = TestDatabases.fresh(DbType.H2);
    Path config =
        TestConfigs.write(dir.resolve("global_config.ini"), database, "drone_lost_after_secs: 8");
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    network = TcpProxy.to(new InetSocketAddress("127.0.0.1", server.port()));
    CliRunner.Result created = cli("drone", "create", "w1", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    token = JSON.readTree(created.out()).get("token").asText();
    worker =
        HangarProcess.start(
            dir.resolve("worker.log"),
            "drone",
            "--dir",
            dir.resolve("w1/drone").toString(),
            "--master",
            "http://127.0.0.1:" + network.port(),
            "--name",
            "w1",
            "--token",
            token,
            "--heartbeat",
            "1");
    assertThat(cli("host", "create", "localhost").exitCode()).isZero();
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) {
      worker.close();
      CliRunner.run("drone", "--dir", dir.resolve("w1/drone").toString(), "--stop");
    }
    if (network != null) {
      network.close();
    }
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void a_worker_runs_a_job_through_a_cut_link_once_and_its_results_come_back() throws Exception {
    awaitState("w1", "online");
    CliRunner.Result drained = cli("drone", "mod", "localhost", "--disable");
    assertThat(drained.exitCode()).as(drained.err()).isZero();
    assertThat(drained.out()).contains("localhost: disabled");
    try {
      Path marker = dir.resolve("running");
      Path release = dir.resolve("release");
      Path control =
          Files.writeString(
              dir.resolve("worker.control"),
              // Over 3 MB of stderr: a file read in several chunks, each over Jetty's default
              // 64 KiB frame, beside the many small files that travel together.
              "job.run_test('shell', command: 'echo ran-on-worker; head -c 2500000 /dev/urandom"
                  + " | base64 >&2; touch "
                  + marker
                  + "; while [ ! -e "
                  + release
                  + " ]; do sleep 0.2; done; echo after-the-cut')\n");
      CliRunner.Result job =
          cli("job", "create", "-m", "localhost", "-f", control.toString(), "w", "--json");
      assertThat(job.exitCode()).as(job.err()).isZero();
      long id = JSON.readTree(job.out()).get("id").asLong();
      Eventually.await(
          Duration.ofSeconds(60), "the test to run on the worker", () -> Files.exists(marker));
      JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
      assertThat(stat.at("/entries/0/drone").asText()).isEqualTo("w1");
      String log = stat.at("/entries/0/results_url").asText() + "status.log";
      HttpResponse<String> live = get(log);
      assertThat(live.headers().firstValue("X-Hangar-Drone")).hasValue("w1");
      assertThat(live.body()).contains("START\tshell");

      // The network between worker and master goes down; the session ends meanwhile.
      network.cut();
      awaitState("w1", "offline");
      Files.writeString(release, "go");
      Thread.sleep(2000);
      long restored = System.nanoTime();
      network.restore();
      awaitState("w1", "online");
      long healMillis = (System.nanoTime() - restored) / 1_000_000;
      System.out.println("worker link healed " + healMillis + " ms after the network came back");

      CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "120");
      assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
      String tag = stat.at("/entries/0/results_url").asText().replaceFirst("^/results/", "");
      Path copied = server.resultsDir().resolve(tag);
      String stdout = Files.readString(copied.resolve("shell/debug/stdout"), UTF_8);
      assertThat(stdout.lines().filter("ran-on-worker"::equals)).hasSize(1);
      assertThat(stdout).contains("after-the-cut");
      assertThat(copied.resolve("status.log")).content(UTF_8).contains("END GOOD\tshell");
      assertThat(Files.size(copied.resolve("shell/debug/stderr"))).isGreaterThan(3_000_000);
      // The folder came streamed over the link, each file checked as it arrived.
      assertThat(
              worker.output(
                  java.util.regex.Pattern.compile(
                      java.util.regex.Pattern.quote(
                          "sent " + tag.replaceAll("/+$", "") + " to the master"))))
          .isNotEmpty();
      Path onWorker = dir.resolve("w1/results").resolve(tag);
      Eventually.await(
          Duration.ofSeconds(30), "the worker to delete its copy", () -> !Files.exists(onWorker));
    } finally {
      assertThat(cli("drone", "mod", "localhost", "--enable").exitCode()).isZero();
    }
  }

  @Test
  void a_worker_copies_back_a_results_file_larger_than_one_websocket_message() throws Exception {
    awaitState("w1", "online");
    assertThat(cli("drone", "mod", "localhost", "--disable").exitCode()).isZero();
    try {
      // Read back in chunks of up to 1 MiB, each reply base64 in one frame: far over Jetty's
      // default limit of 64 KiB for a text message.
      Path control =
          Files.writeString(
              dir.resolve("large.control"),
              "job.run_test('shell', command: 'yes x | head -c 300000')\n");
      CliRunner.Result job =
          cli("job", "create", "-m", "localhost", "-f", control.toString(), "large", "--json");
      assertThat(job.exitCode()).as(job.err()).isZero();
      long id = JSON.readTree(job.out()).get("id").asLong();
      CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "120");
      assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
      JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
      assertThat(stat.at("/entries/0/drone").asText()).isEqualTo("w1");
      String tag = stat.at("/entries/0/results_url").asText().replaceFirst("^/results/", "");
      assertThat(server.resultsDir().resolve(tag).resolve("shell/debug/stdout"))
          .hasContent("x\n".repeat(150_000));
    } finally {
      assertThat(cli("drone", "mod", "localhost", "--enable").exitCode()).isZero();
    }
  }

  @Test
  void a_worker_silent_past_drone_lost_after_secs_fails_its_entry_and_is_reconciled_on_return()
      throws Exception {
    CliRunner.Result created = cli("drone", "create", "w2", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String secret = JSON.readTree(created.out()).get("token").asText();
    Path droneDir = dir.resolve("w2/drone");
    HangarProcess second = startWorker("w2", droneDir, secret, server.port());
    Path marker = dir.resolve("w2-running");
    try {
      awaitState("w2", "online");
      assertThat(cli("drone", "mod", "localhost", "--disable").exitCode()).isZero();
      assertThat(cli("drone", "mod", "w1", "--disable").exitCode()).isZero();
      Path control =
          Files.writeString(
              dir.resolve("lost.control"),
              "job.run_test('shell', command: 'touch " + marker + "; sleep 600')\n");
      CliRunner.Result job =
          cli("job", "create", "-m", "localhost", "-f", control.toString(), "lost", "--json");
      assertThat(job.exitCode()).as(job.err()).isZero();
      long id = JSON.readTree(job.out()).get("id").asLong();
      Eventually.await(Duration.ofSeconds(60), "the test to run on w2", () -> Files.exists(marker));
      assertThat(cli("drone", "mod", "localhost", "--enable").exitCode()).isZero();
      assertThat(cli("drone", "mod", "w1", "--enable").exitCode()).isZero();

      // The worker's process dies; its daemon (and the session) run on without a link.
      second.kill();
      CliRunner.Result watched = cli("job", "watch", Long.toString(id), "--timeout", "60");
      assertThat(watched.exitCode()).as(watched.out()).isEqualTo(1);
      JsonNode stat = JSON.readTree(cli("job", "stat", Long.toString(id), "--json").out());
      assertThat(stat.at("/entries/0/status").asText()).isEqualTo("Failed");
      assertThat(stat.at("/entries/0/reason").asText())
          .startsWith("drone w2 lost: no answer for")
          .endsWith("(drone_lost_after_secs)");
      // The host is verified before its next job, and comes back Ready.
      Eventually.await(
          Duration.ofSeconds(60),
          "localhost Ready again",
          () -> cli("host", "stat", "localhost").out().contains("Ready"));

      // The worker comes back: its session of the failed entry is stopped and forgotten.
      second = startWorker("w2", droneDir, secret, server.port());
      String session = "hqe-" + stat.at("/entries/0/id").asLong();
      Eventually.await(
          Duration.ofSeconds(60),
          "w2 to drop " + session,
          () ->
              !CliRunner.run("drone", "--dir", droneDir.toString(), "--status")
                  .out()
                  .contains(session));
    } finally {
      second.close();
      CliRunner.run("drone", "--dir", droneDir.toString(), "--stop");
      cli("drone", "mod", "localhost", "--enable");
      cli("drone", "mod", "w1", "--enable");
    }
  }

  private static HangarProcess startWorker(String name, Path droneDir, String secret, int port)
      throws java.io.IOException {
    Files.createDirectories(droneDir.getParent());
    return HangarProcess.start(
        droneDir.resolveSibling("worker.log"),
        "drone",
        "--dir",
        droneDir.toString(),
        "--master",
        "http://127.0.0.1:" + port,
        "--name",
        name,
        "--token",
        secret,
        "--heartbeat",
        "1");
  }

  @Test
  void a_link_with_a_wrong_token_or_an_unknown_name_is_refused() throws Exception {
    assertThat(closeCodeOf("w1", "hw_wrong")).isEqualTo(1008);
    assertThat(closeCodeOf("nobody", token)).isEqualTo(1008);
    CliRunner.Result again = cli("drone", "create", "w1");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("exists already");
    CliRunner.Result anonymous =
        CliRunner.run("drone", "create", "w2", "--server", url, "--token", "x");
    assertThat(anonymous.exitCode()).isNotZero();
  }

  @Test
  void a_hello_missing_a_field_is_refused_and_one_as_documented_is_taken() throws Exception {
    CliRunner.Result created = cli("drone", "create", "w3", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String secret = JSON.readTree(created.out()).get("token").asText();

    Closed refused =
        linkAndSay(
            "w3",
            secret,
            "{\"hello\":{\"name\":\"w3\",\"version\":\"1\",\"heartbeat_millis\":1000}}");
    assertThat(refused.status()).isEqualTo(1008);
    assertThat(refused.reason()).isEqualTo("field 'hello.results_root' is missing from the hello");

    Closed documented =
        linkAndSay(
            "w3",
            secret,
            "{\"hello\":{\"name\":\"w3\",\"version\":\"1\",\"results_root\":\"/srv/w3\","
                + "\"heartbeat_millis\":60000}}");
    assertThat(documented.status()).as(documented.reason()).isEqualTo(-1);
    HttpResponse<String> elsewhere = get("/results/no-such-job/status.log");
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isIn(403, 404);
  }

  /** How a link was closed; -1 for one still open after the frame. */
  private record Closed(int status, String reason) {}

  /** Opens a link as worker {@code name}, sends one frame and waits a moment for a close. */
  private Closed linkAndSay(String name, String secret, String frame) throws Exception {
    CompletableFuture<Closed> closed = new CompletableFuture<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      WebSocket socket =
          http.newWebSocketBuilder()
              .header("Authorization", "Bearer " + secret)
              .buildAsync(
                  URI.create(
                      "ws://127.0.0.1:" + server.port() + "/api/v1/workers/" + name + "/link"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket s, int status, String reason) {
                      closed.complete(new Closed(status, reason));
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
      try {
        return closed.get(3, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        socket.abort();
        return new Closed(-1, "still open");
      }
    }
  }

  @Test
  void the_drone_list_shows_kinds_and_states() throws Exception {
    awaitState("w1", "online");
    JsonNode drones = JSON.readTree(cli("drone", "list", "--json").out());
    assertThat(drones.findValuesAsText("kind")).contains("local", "worker");
  }

  private int closeCodeOf(String name, String secret) throws Exception {
    CompletableFuture<Integer> code = new CompletableFuture<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      http.newWebSocketBuilder()
          .header("Authorization", "Bearer " + secret)
          .buildAsync(
              URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/workers/" + name + "/link"),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                  code.complete(status);
                  return null;
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                  code.completeExceptionally(error);
                }
              })
          .get(10, TimeUnit.SECONDS);
      return code.get(10, TimeUnit.SECONDS);
    }
  }

  private void awaitState(String drone, String state) throws InterruptedException {
    Eventually.await(
        Duration.ofSeconds(60),
        drone + " " + state,
        () -> {
          try {
            for (JsonNode d : JSON.readTree(cli("drone", "list", "--json").out())) {
              if (d.get("name").asText().equals(drone)) {
                return d.get("state").asText().equals(state);
              }
            }
            return false;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
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

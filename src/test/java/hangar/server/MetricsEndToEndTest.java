package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.Polling;
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
 * The server's scheduler as an operator watches it: the real server on a free port (H2), a job run
 * through the CLI, then {@code /metrics}, {@code /api/v1/drones} and {@code hangar drone list}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAPACITY = 7;

  @TempDir static Path dir;

  private ServerRole server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startServer() throws IOException {
    Path config = dir.resolve("global_config.ini");
    Files.writeString(
        config,
        """
        [SCHEDULER]
        tick_pause_sec: 0.2
        max_processes_per_drone: %d
        """
            .formatted(CAPACITY));
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
  }

  @Test
  void metrics_show_the_ticks_and_a_completed_job_started_and_finished() throws Exception {
    CliRunner.Result created =
        cli("job", "create", "-m", "localhost", "-f", "examples/first.control", "m1", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = JSON.readTree(created.out()).get("id").asText();
    assertThat(cli("job", "watch", id, "--timeout", "120").exitCode()).isZero();

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String text = metrics.body();
    assertThat(text).contains("# TYPE hangar_scheduler_tick_seconds histogram");
    assertThat(value(text, "hangar_scheduler_tick_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "hangar_scheduler_starts_total{drone=\"localhost\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "hangar_scheduler_finishes_total{status=\"Completed\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(text)
        .contains("hangar_scheduler_entries{status=\"Queued\"}")
        .contains("hangar_scheduler_sessions_running ")
        .contains("hangar_scheduler_failures_total{kind=\"lost_session\"} 0")
        .contains("hangar_drone_slots{drone=\"localhost\",state=\"free\"}")
        .contains("hangar_drone_up{drone=\"localhost\"} 1")
        .contains("hangar_results_parses_running{drone=\"localhost\"} 0")
        .contains("hangar_results_transfers_running 0");
  }

  @Test
  void metrics_show_the_servers_heap_non_heap_threads_and_resident_memory() throws Exception {
    String text = get("/metrics").body();

    double heapUsed = sum(text, "jvm_memory_used_bytes", "area=\"heap\"", false);
    double heapMax = sum(text, "jvm_memory_max_bytes", "area=\"heap\"", true);
    assertThat(heapUsed).isPositive().isLessThanOrEqualTo(heapMax);
    assertThat(sum(text, "jvm_memory_committed_bytes", "area=\"heap\"", false))
        .isGreaterThanOrEqualTo(heapUsed)
        .isLessThanOrEqualTo(heapMax);
    assertThat(sum(text, "jvm_memory_used_bytes", "area=\"nonheap\"", false)).isPositive();
    assertThat(value(text, "jvm_threads_live_threads")).isGreaterThanOrEqualTo(1);
    double rss = value(text, "process_resident_memory_bytes");
    assertThat(rss).isPositive().isLessThan(64.0 * 1024 * 1024 * 1024);
    assertThat(value(text, "process_threads")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void the_drones_api_shows_localhost_online_with_the_configured_capacity() throws Exception {
    HttpResponse<String> response = get("/api/v1/drones");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode drones = JSON.readTree(response.body());
    assertThat(drones).hasSize(1);
    JsonNode localhost = drones.get(0);
    assertThat(localhost.get("name").asText()).isEqualTo("localhost");
    assertThat(localhost.get("kind").asText()).isEqualTo("local");
    assertThat(localhost.get("state").asText()).isEqualTo("online");
    assertThat(localhost.get("capacity").asInt()).isEqualTo(CAPACITY);
    assertThat(localhost.get("free").asInt())
        .isEqualTo(CAPACITY - localhost.get("running").asInt());
    assertThat(localhost.get("version").asText()).isNotEmpty();
    assertThat(localhost.get("last_heartbeat").asText()).isNotEmpty();
  }

  @Test
  void drone_list_prints_the_drones_as_json_and_as_a_table() throws Exception {
    CliRunner.Result json = cli("drone", "list", "--json");
    CliRunner.Result table = cli("drone", "list");

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode localhost = JSON.readTree(json.out()).get(0);
    assertThat(localhost.get("name").asText()).isEqualTo("localhost");
    assertThat(localhost.get("state").asText()).isEqualTo("online");
    assertThat(localhost.get("capacity").asInt()).isEqualTo(CAPACITY);
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .matches("Drone +Kind +State +Running +Capacity +Free +Version +Last heartbeat");
    assertThat(table.out()).contains("localhost  local  online");
  }

  @Test
  void job_stat_says_why_a_queued_entry_waits() throws Exception {
    assertThat(cli("host", "create", "held1").exitCode()).isZero();
    assertThat(cli("host", "mod", "held1", "--lock", "-r", "new disk").exitCode()).isZero();
    CliRunner.Result created =
        cli("job", "create", "-m", "held1", "-f", "examples/first.control", "m2", "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = JSON.readTree(created.out()).get("id").asText();

    String stat =
        Polling.await(
            "the wait reason of job " + id,
            () ->
                Optional.of(cli("job", "stat", id).out())
                    .filter(out -> out.contains("waiting: host held1 is locked (new disk)")));

    assertThat(stat.lines().filter(line -> line.startsWith("held1")))
        .singleElement()
        .satisfies(
            line -> assertThat(line).matches("held1 +Queued +waiting: host held1 is locked.*"));
    assertThat(cli("job", "abort", id).exitCode()).isZero();
  }

  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + scrape));
  }

  /**
   * The sum of the samples of {@code metric} whose labels include {@code label}; with {@code
   * knownOnly}, samples of -1 (a pool without a maximum) are left out.
   */
  private static double sum(String scrape, String metric, String label, boolean knownOnly) {
    List<Double> samples =
        scrape
            .lines()
            .filter(line -> line.startsWith(metric + "{") && line.contains(label))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .filter(v -> !knownOnly || v >= 0)
            .toList();
    assertThat(samples).as("samples of %s{%s} in:%n%s", metric, label, scrape).isNotEmpty();
    return samples.stream().mapToDouble(Double::doubleValue).sum();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
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

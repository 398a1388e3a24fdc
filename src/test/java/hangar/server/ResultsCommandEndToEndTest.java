package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hangar results} against a real server whose jobs really ran: two jobs of the shell test,
 * three iterations each, parsed into the results database, then read back as a grid, the runs, a
 * metric per job and the two jobs compared, as text and as JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsCommandEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String first;
  private String second;

  @BeforeAll
  void runTwoJobs() throws Exception {
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    ok("host", "create", "localhost");
    Path control =
        Files.writeString(
            dir.resolve("shell.control"),
            "job.run_test('shell', command: 'sleep 0.1', iterations: 3)\n"
                + "job.run_test('shell', command: 'false', tag: 'broken')\n");
    first = jobId(ok("job", "create", "-m", "localhost", "-f", control.toString(), "r1"));
    watchUntilFailed(first);
    second = jobId(ok("job", "create", "-m", "localhost", "-f", control.toString(), "r2"));
    watchUntilFailed(second);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void the_grid_shows_each_tests_passed_runs_per_job() throws Exception {
    String text = ok("results", "grid", "--by", "job");
    assertThat(text).contains("Test", first, second).contains("shell");
    JsonNode grid = JSON.readTree(ok("results", "grid", "--by", "job", "--json"));
    assertThat(grid.path("columns")).extracting(JsonNode::asText).containsExactly(first, second);
    JsonNode cell = grid.path("cells").path("shell").path(second).path("by_status");
    assertThat(cell.path("GOOD").asLong()).isEqualTo(1);
    assertThat(
            grid.path("cells")
                .path("shell.broken")
                .path(first)
                .path("by_status")
                .path("FAIL")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void the_runs_behind_a_cell_name_their_job_host_and_reason() throws Exception {
    JsonNode runs =
        JSON.readTree(
            ok("results", "runs", "--test", "shell.broken", "--status", "fail", "--json"));
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).path("job").asText()).isEqualTo(second);
    assertThat(runs.get(0).path("host").asText()).isEqualTo("localhost");
    assertThat(runs.get(0).path("reason").asText()).contains("exited with status 1");
  }

  @Test
  void a_metric_per_job_has_each_iteration_in_its_spread() throws Exception {
    assertThat(ok("results", "metrics", "--test", "shell")).contains("elapsed_seconds");
    JsonNode perf =
        JSON.readTree(
            ok("results", "perf", "elapsed_seconds", "--test", "shell", "--by", "job", "--json"));
    JsonNode points = perf.path("points");
    assertThat(points).hasSize(2);
    for (JsonNode p : points) {
      assertThat(p.path("values").asInt()).isEqualTo(3);
      assertThat(p.path("min").asDouble()).isGreaterThanOrEqualTo(0.1);
      assertThat(p.path("min").asDouble()).isLessThanOrEqualTo(p.path("median").asDouble());
      assertThat(p.path("median").asDouble()).isLessThanOrEqualTo(p.path("max").asDouble());
    }
    assertThat(ok("results", "perf", "elapsed_seconds", "--by", "job")).contains("Median");
  }

  @Test
  void two_jobs_compared_show_the_change_and_exit_1_only_on_a_regression() throws Exception {
    String text = ok("results", "compare", "--jobs", first, second, "--threshold", "1000");
    assertThat(text).contains("elapsed_seconds", "job " + first, "job " + second, "0 regression");
    JsonNode json =
        JSON.readTree(
            ok("results", "compare", "--jobs", first, second, "--threshold", "1000", "--json"));
    assertThat(json.path("changes").get(0).path("change_percent").isNumber()).isTrue();

    // The same job on both sides cannot regress, at any threshold.
    ok("results", "compare", "--jobs", first, first, "--threshold", "0");
  }

  @Test
  void bad_input_is_refused_with_what_to_do() {
    CliRunner.Result byBanana = cli("results", "grid", "--by", "banana");
    assertThat(byBanana.exitCode()).isNotZero();
    assertThat(byBanana.err()).contains("by must be kernel, host, job or time");
    CliRunner.Result noSides = cli("results", "compare");
    assertThat(noSides.exitCode()).isNotZero();
    assertThat(noSides.err()).contains("--jobs", "--kernels");
  }

  /** Waits for a job whose broken test fails it: 'job watch' exits 1 on a failed job. */
  private void watchUntilFailed(String id) {
    CliRunner.Result watched = cli("job", "watch", id);
    assertThat(watched.exitCode()).as(watched.err()).isEqualTo(1);
    assertThat(watched.out() + watched.err()).contains("Failed");
  }

  private static String jobId(String out) {
    return out.replaceAll("(?s).*?job (\\d+).*", "$1");
  }

  private String ok(String... args) {
    CliRunner.Result result = cli(args);
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result.out();
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--server", "http://127.0.0.1:" + server.port(), "--token", server.adminToken()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}

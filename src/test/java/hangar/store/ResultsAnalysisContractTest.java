package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import hangar.lab.Protection;
import hangar.results.Analysis;
import hangar.results.Analysis.Axis;
import hangar.results.Analysis.Filter;
import hangar.results.ParsedResults;
import hangar.results.ParsedTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The results analysis over a small history: dbench on two boards under two kernels, four jobs,
 * with throughputs chosen so every figure below can be worked out by hand.
 */
abstract class ResultsAnalysisContractTest extends DatabaseContract {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private ResultsAnalysisStore analysis;

  @BeforeEach
  void history() {
    HostStore hosts = new HostStore(database, clock);
    LabelStore labels = new LabelStore(database, clock);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    labels.create("x86_64", false, false);
    labels.addHost("x86_64", "board1");
    ResultsDbStore results = new ResultsDbStore(database, clock);
    List<Run> runs =
        List.of(
            new Run(1, "board1", "6.1.0", new double[] {100, 110, 120}, "GOOD"),
            new Run(2, "board2", "6.1.0", new double[] {90, 100}, "GOOD"),
            new Run(3, "board1", "6.6.0", new double[] {80, 85, 90}, "FAIL"),
            new Run(4, "board2", "6.6.0", new double[] {95}, "GOOD"));
    for (Run r : runs) {
      store(results, r);
    }
    analysis = new ResultsAnalysisStore(database);
  }

  @Test
  void the_grid_counts_each_tests_runs_by_kernel_host_and_job() {
    Analysis.Grid byKernel = analysis.grid(Axis.KERNEL, Filter.ALL);
    assertThat(byKernel.columns()).containsExactly("6.1.0", "6.6.0");
    assertThat(byKernel.tests()).containsExactly("dbench", "shell");
    assertThat(byKernel.cells().get("shell").get("6.1.0").passed()).isEqualTo(2);
    assertThat(byKernel.cells().get("shell").get("6.6.0").failed()).isEqualTo(1);
    assertThat(byKernel.cells().get("shell").get("6.6.0").total()).isEqualTo(2);

    assertThat(analysis.grid(Axis.HOST, Filter.ALL).columns()).containsExactly("board1", "board2");
    assertThat(analysis.grid(Axis.JOB, Filter.ALL).columns()).containsExactly("1", "2", "3", "4");
    Analysis.Grid onX86 = analysis.grid(Axis.JOB, new Filter(null, null, "x86_64", null, null));
    assertThat(onX86.columns()).containsExactly("1", "3");
    assertThatThrownBy(() -> analysis.grid(Axis.TIME, Filter.ALL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_cell_drills_down_to_its_runs() {
    List<Analysis.Run> failed =
        analysis.runs(new Filter("shell", null, null, null, "6.6.0"), "FAIL", 100);
    assertThat(failed)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.host()).isEqualTo("board1");
              assertThat(run.job()).isEqualTo(3L);
              assertThat(run.reason()).isEqualTo("exit 1");
              assertThat(run.tag()).isEqualTo("3-alice/board1");
            });
    assertThat(analysis.runs(Filter.ALL, null, 100)).hasSize(8);
  }

  @Test
  void a_metric_is_plotted_over_kernels_jobs_and_time_with_its_spread() {
    List<Analysis.Point> byKernel =
        analysis
            .perf("throughput_mb_per_s", Axis.KERNEL, new Filter("dbench", null, null, null, null))
            .points();
    assertThat(byKernel).extracting(Analysis.Point::x).containsExactly("6.1.0", "6.6.0");
    Analysis.Point first = byKernel.get(0);
    assertThat(first.runs()).isEqualTo(2);
    assertThat(first.values()).isEqualTo(5);
    assertThat(first.min()).isEqualTo(90);
    assertThat(first.median()).isEqualTo(100);
    assertThat(first.max()).isEqualTo(120);
    assertThat(byKernel.get(1).median()).isEqualTo(87.5);

    Analysis.Series all = analysis.perf("throughput_mb_per_s", Axis.JOB, Filter.ALL);
    assertThat(all.truncated()).isFalse();
    List<Analysis.Point> byJob = all.points();
    assertThat(byJob).extracting(Analysis.Point::median).containsExactly(110.0, 95.0, 85.0, 95.0);
    List<Analysis.Point> overTime =
        analysis
            .perf("throughput_mb_per_s", Axis.TIME, new Filter(null, "board2", null, null, null))
            .points();
    assertThat(overTime)
        .extracting(Analysis.Point::x)
        .containsExactly("2026-12-01T02:01:00Z", "2026-12-01T04:01:00Z");
    assertThat(analysis.metrics(Filter.ALL)).containsExactly("latency_ms", "throughput_mb_per_s");
  }

  @Test
  void a_plot_with_more_values_than_it_reads_keeps_the_newest_and_says_so() {
    // Jobs 1 to 4 have 3, 2, 3 and 1 throughput values: four values are job 4's and job 3's.
    Analysis.Series newest =
        new ResultsAnalysisStore(database, 4).perf("throughput_mb_per_s", Axis.JOB, Filter.ALL);
    assertThat(newest.truncated()).isTrue();
    assertThat(newest.maxValues()).isEqualTo(4);
    assertThat(newest.points()).extracting(Analysis.Point::x).containsExactly("3", "4");
    assertThat(newest.points()).extracting(Analysis.Point::values).containsExactly(3, 1);
    Analysis.Series exactly =
        new ResultsAnalysisStore(database, 9).perf("throughput_mb_per_s", Axis.JOB, Filter.ALL);
    assertThat(exactly.truncated()).isFalse();
    assertThat(exactly.points()).hasSize(4);
  }

  @Test
  void two_kernels_compared_show_each_change_and_flag_the_regressions() {
    Analysis.Comparison c =
        analysis.compare(
            "6.1.0",
            new Filter(null, null, null, null, "6.1.0"),
            "6.6.0",
            new Filter(null, null, null, null, "6.6.0"),
            5.0);
    Analysis.Change throughput =
        c.changes().stream()
            .filter(x -> x.metric().equals("throughput_mb_per_s"))
            .findFirst()
            .get();
    // 6.1.0: mean of 100, 110, 120, 90, 100 = 104; 6.6.0: 80, 85, 90, 95 = 87.5
    assertThat(throughput.a()).isCloseTo(104.0, within(1e-9));
    assertThat(throughput.b()).isCloseTo(87.5, within(1e-9));
    assertThat(throughput.changePercent()).isCloseTo(-15.865, within(1e-3));
    assertThat(throughput.regression()).isTrue();
    Analysis.Change latency =
        c.changes().stream().filter(x -> x.metric().equals("latency_ms")).findFirst().get();
    // latency: 6.1.0 jobs 1, 2 -> 10, 10, 10, 20, 20 = 14; 6.6.0 jobs 3, 4 -> 30, 30, 30, 40 = 32.5
    assertThat(latency.lowerIsBetter()).isTrue();
    assertThat(latency.regression()).isTrue();
    Analysis.Outcome shell =
        c.outcomes().stream().filter(o -> o.test().equals("shell")).findFirst().get();
    assertThat(shell.regression()).isTrue();
    assertThat(c.regressions()).isEqualTo(3);

    Analysis.Comparison jobs =
        analysis.compare(
            "job 2",
            new Filter(null, null, null, 2L, null),
            "job 4",
            new Filter(null, null, null, 4L, null),
            5.0);
    Analysis.Change up =
        jobs.changes().stream()
            .filter(x -> x.metric().equals("throughput_mb_per_s"))
            .findFirst()
            .get();
    assertThat(up.changePercent()).isCloseTo(0.0, within(1e-9));
    assertThat(up.regression()).isFalse();
  }

  @Test
  void a_kernels_sums_follow_every_parse_that_replaces_a_folder() {
    ResultsDbStore results = new ResultsDbStore(database, clock);
    // Job 3 parsed again: one value of 60, and its shell test passed this time.
    store(results, new Run(3, "board1", "6.6.0", new double[] {60}, "GOOD"));
    Analysis.Comparison again = kernels();
    assertThat(change(again, "throughput_mb_per_s").a()).isCloseTo(104.0, within(1e-9));
    assertThat(change(again, "throughput_mb_per_s").b()).isCloseTo(77.5, within(1e-9)); // 60, 95
    assertThat(outcome(again, "shell").b().byStatus()).isEqualTo(Map.of("GOOD", 2L));
    assertThat(outcome(again, "shell").regression()).isFalse();

    // Parsed once more under the other kernel, its runs move there.
    store(results, new Run(3, "board1", "6.1.0", new double[] {60}, "GOOD"));
    Analysis.Comparison moved = kernels();
    // 6.1.0: 100, 110, 120, 90, 100, 60; 6.6.0: 95
    assertThat(change(moved, "throughput_mb_per_s").a()).isCloseTo(580.0 / 6, within(1e-9));
    assertThat(change(moved, "throughput_mb_per_s").b()).isCloseTo(95.0, within(1e-9));
    assertThat(outcome(moved, "shell").a().byStatus()).isEqualTo(Map.of("GOOD", 3L));
    assertThat(outcome(moved, "shell").b().byStatus()).isEqualTo(Map.of("GOOD", 1L));

    // Counted again from scratch, the sums give the same comparison.
    results.recountKernelSums();
    assertThat(kernels()).isEqualTo(moved);

    // The sums hold exactly what the rows they sum give, and no row counts nothing.
    database
        .jdbi()
        .useHandle(
            h -> {
              assertThat(
                      h.createQuery(
                              "SELECT kernel, test, status, runs FROM result_kernel_outcomes"
                                  + " ORDER BY kernel, test, status")
                          .mapToMap()
                          .list())
                  .isEqualTo(
                      h.createQuery(
                              "SELECT kernel, name AS test, status, COUNT(*) AS runs"
                                  + " FROM result_tests GROUP BY kernel, name, status"
                                  + " ORDER BY kernel, test, status")
                          .mapToMap()
                          .list());
              org.jdbi.v3.core.mapper.RowMapper<String> row =
                  (rs, ctx) ->
                      String.format(
                          java.util.Locale.ROOT,
                          "%s %s %s %d %.6f",
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getLong(4),
                          rs.getDouble(5));
              assertThat(
                      h.createQuery(
                              "SELECT kernel, test, metric, n_values, total"
                                  + " FROM result_kernel_perf ORDER BY kernel, test, metric")
                          .map(row)
                          .list())
                  .isEqualTo(
                      h.createQuery(
                              "SELECT t.kernel, t.name, i.name, COUNT(*), SUM(i.perf_value)"
                                  + " FROM result_tests t JOIN result_iterations i"
                                  + " ON i.test_id = t.id WHERE i.kind = 'perf'"
                                  + " GROUP BY t.kernel, t.name, i.name"
                                  + " ORDER BY t.kernel, t.name, i.name")
                          .map(row)
                          .list())
                  .isNotEmpty();
            });
  }

  private Analysis.Comparison kernels() {
    return analysis.compare(
        "6.1.0",
        new Filter(null, null, null, null, "6.1.0"),
        "6.6.0",
        new Filter(null, null, null, null, "6.6.0"),
        5.0);
  }

  private static Analysis.Change change(Analysis.Comparison c, String metric) {
    return c.changes().stream()
        .filter(x -> x.metric().equals(metric) && x.test().equals("dbench"))
        .findFirst()
        .orElseThrow();
  }

  private static Analysis.Outcome outcome(Analysis.Comparison c, String test) {
    return c.outcomes().stream().filter(o -> o.test().equals(test)).findFirst().orElseThrow();
  }

  /** A job's run: board, kernel, dbench throughputs per iteration, shell status. */
  private record Run(long job, String board, String kernel, double[] throughput, String shell) {}

  /** Writes a run's folder as the parser would, replacing an earlier parse of it. */
  private static void store(ResultsDbStore results, Run r) {
    Instant start = T0.plusSeconds(3600 * r.job());
    List<ParsedTest.Iteration> its = new ArrayList<>();
    for (int i = 0; i < r.throughput().length; i++) {
      its.add(
          new ParsedTest.Iteration(
              i + 1,
              Map.of(),
              Map.of("throughput_mb_per_s", r.throughput()[i], "latency_ms", 10.0 * r.job())));
    }
    List<ParsedTest> tests =
        List.of(
            new ParsedTest(
                "dbench",
                "dbench",
                "GOOD",
                "",
                start,
                start.plusSeconds(60),
                r.kernel(),
                Map.of(),
                its),
            new ParsedTest(
                "shell",
                "shell",
                r.shell(),
                r.shell().equals("GOOD") ? "" : "exit 1",
                start.plusSeconds(61),
                start.plusSeconds(62),
                r.kernel(),
                Map.of(),
                List.of()));
    results.replace(
        r.job() + "-alice/" + r.board(),
        r.job(),
        "localhost",
        new ParsedResults(
            r.board(),
            "alice",
            "nightly",
            start,
            start,
            start.plusSeconds(62),
            "GOOD",
            "",
            r.kernel(),
            Map.of(),
            tests,
            List.of()));
  }
}

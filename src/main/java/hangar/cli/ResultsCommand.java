package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hangar results}: the results database across jobs, as the web's analysis pages show it: a
 * grid of tests by kernel, host or job, the runs behind it, one metric over kernels, jobs or time,
 * and two jobs or kernels compared.
 */
@Command(
    name = "results",
    description =
        "Analyse the results database across jobs: grid, runs, perf, metrics, compare. Each takes"
            + " --test, --host, --label, --job and --kernel to narrow what it reads.",
    subcommands = {
      ResultsCommand.Grid.class,
      ResultsCommand.Runs.class,
      ResultsCommand.Perf.class,
      ResultsCommand.Metrics.class,
      ResultsCommand.Compare.class
    })
public final class ResultsCommand extends Topic {
  private static final String RESULTS = "/api/v1/results/";

  /** The filters every action takes. */
  static final class Filters {
    @Option(names = "--test", paramLabel = "NAME", description = "Only this test.")
    String test;

    @Option(names = "--host", paramLabel = "HOST", description = "Only runs on this host.")
    String host;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        description = "Only runs on hosts carrying this label.")
    String label;

    @Option(names = "--job", paramLabel = "ID", description = "Only this job's runs.")
    Long job;

    @Option(names = "--kernel", paramLabel = "VERSION", description = "Only runs on this kernel.")
    String kernel;

    Map<String, String> query() {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("test", test);
      q.put("host", host);
      q.put("label", label);
      q.put("job", job == null ? null : job.toString());
      q.put("kernel", kernel);
      return q;
    }
  }

  static String path(String action, Map<String, String> query) {
    StringBuilder path = new StringBuilder(RESULTS).append(action);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getValue() != null) {
        path.append(sep).append(e.getKey()).append('=').append(ApiClient.queryValue(e.getValue()));
        sep = '&';
      }
    }
    return path.toString();
  }

  @Command(
      name = "grid",
      description = {
        "Each test's runs against kernels, hosts or jobs: passed/all per cell (TKO's grid).",
        "The newest 40 columns; 'hangar results runs' lists the runs behind a cell."
      })
  static final class Grid extends ApiAction {
    @Mixin JsonOption output;
    @Mixin Filters filters;

    @Option(
        names = "--by",
        paramLabel = "AXIS",
        defaultValue = "kernel",
        description = "Columns: kernel, host or job (default: ${DEFAULT-VALUE}).")
    String by;

    @Override
    protected int execute(ApiClient client) {
      Map<String, String> q = filters.query();
      q.put("by", by);
      return printAnswer(output, client.get(path("grid", q)), this::print);
    }

    private void print(JsonNode grid) {
      if (grid.path("tests").isEmpty()) {
        out().println("No parsed test runs match.");
        return;
      }
      List<String> headers = new ArrayList<>(List.of("Test"));
      grid.path("columns").forEach(c -> headers.add(c.asText()));
      Table table = Table.withHeaders(headers.toArray(String[]::new));
      for (JsonNode test : grid.path("tests")) {
        List<String> row = new ArrayList<>(List.of(test.asText()));
        JsonNode cells = grid.path("cells").path(test.asText());
        for (JsonNode column : grid.path("columns")) {
          JsonNode cell = cells.path(column.asText()).path("by_status");
          long all = 0;
          for (JsonNode n : cell) {
            all += n.asLong();
          }
          row.add(all == 0 ? "" : cell.path("GOOD").asLong() + "/" + all);
        }
        table.add(row.toArray(String[]::new));
      }
      table.print(out());
    }
  }

  @Command(name = "runs", description = "The test runs that match, newest first.")
  static final class Runs extends ApiAction {
    @Mixin JsonOption output;
    @Mixin Filters filters;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only runs ending so: GOOD, FAIL, ...")
    String status;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "At most N runs (${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--limit", limit);
      Map<String, String> q = filters.query();
      q.put("status", status == null ? null : status.toUpperCase(Locale.ROOT));
      q.put("limit", Integer.toString(limit));
      return printAnswer(
          output,
          client.get(path("runs", q)),
          runs -> {
            if (runs.isEmpty()) {
              out().println("No parsed test runs match.");
              return;
            }
            Table table = Table.withHeaders("Job", "Host", "Test", "Status", "Kernel", "Reason");
            for (JsonNode r : runs) {
              table.add(
                  Nodes.text(r, "job"),
                  Nodes.text(r, "host"),
                  Nodes.text(r, "test"),
                  Nodes.text(r, "status"),
                  Nodes.text(r, "kernel"),
                  Nodes.text(r, "reason"));
            }
            table.print(out());
          });
    }
  }

  @Command(
      name = "perf",
      description = {
        "One perf value over kernels, hosts, jobs or time: min, median and max of every iteration"
            + " at each point.",
        "Example: hangar results perf throughput_mb_per_s --test dbench --by kernel"
      })
  static final class Perf extends ApiAction {
    @Mixin JsonOption output;
    @Mixin Filters filters;

    @picocli.CommandLine.Parameters(
        paramLabel = "METRIC",
        description = "The perf value, as results/keyval names it ('hangar results metrics').")
    String metric;

    @Option(
        names = "--by",
        paramLabel = "AXIS",
        defaultValue = "kernel",
        description =
            "Points: kernel, host, job or time (one per run) (default: ${DEFAULT-VALUE}).")
    String by;

    @Override
    protected int execute(ApiClient client) {
      Map<String, String> q = filters.query();
      q.put("metric", metric);
      q.put("by", by);
      return printAnswer(
          output,
          client.get(path("perf", q)),
          answer -> {
            JsonNode points = answer.path("points");
            if (points.isEmpty()) {
              out().println("No values of " + metric + " match.");
              return;
            }
            Table table =
                Table.withHeaders(
                    answer.path("by").asText(), "Runs", "Values", "Min", "Median", "Max");
            for (JsonNode p : points) {
              table.add(
                  Nodes.text(p, "x"),
                  Nodes.text(p, "runs"),
                  Nodes.text(p, "values"),
                  number(p.path("min")),
                  number(p.path("median")),
                  number(p.path("max")));
            }
            table.print(out());
            if (answer.path("truncated").asBoolean()) {
              err()
                  .println(
                      "Only the newest "
                          + answer.path("max_values").asText()
                          + " values were read: narrow with --test, --host or --label to see"
                          + " older ones.");
            }
          });
    }
  }

  @Command(name = "metrics", description = "The perf values measured by the runs that match.")
  static final class Metrics extends ApiAction {
    @Mixin JsonOption output;
    @Mixin Filters filters;

    @Override
    protected int execute(ApiClient client) {
      return printAnswer(
          output,
          client.get(path("metrics", filters.query())),
          names -> {
            if (names.isEmpty()) {
              out().println("No perf values match.");
            }
            names.forEach(n -> out().println(n.asText()));
          });
    }
  }

  @Command(
      name = "compare",
      description = {
        "Two jobs or two kernels side by side: each test's runs, each perf value's mean and its"
            + " change in percent; a change for the worse beyond --threshold is a regression.",
        "Times and latencies (by name: latency, elapsed, seconds, _ms, ...) are better lower,"
            + " everything else higher. Exits 1 when there is a regression.",
        "Example: hangar results compare --jobs 12 15   or   --kernels 6.1.0 6.6.0 --test dbench"
      })
  static final class Compare extends ApiAction {
    @Mixin JsonOption output;
    @Mixin Filters filters;

    @ArgGroup(multiplicity = "1")
    Sides sides;

    static final class Sides {
      @Option(names = "--jobs", arity = "2", paramLabel = "ID", description = "Job A and job B.")
      List<Long> jobs;

      @Option(
          names = "--kernels",
          arity = "2",
          paramLabel = "VERSION",
          description = "Kernel A and kernel B.")
      List<String> kernels;
    }

    @Option(
        names = "--threshold",
        paramLabel = "PERCENT",
        defaultValue = "5",
        description = "The change for the worse that is a regression (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    protected int execute(ApiClient client) {
      Map<String, String> q = filters.query();
      if (sides.jobs != null) {
        q.put("a_job", sides.jobs.get(0).toString());
        q.put("b_job", sides.jobs.get(1).toString());
      } else {
        q.put("a_kernel", sides.kernels.get(0));
        q.put("b_kernel", sides.kernels.get(1));
      }
      q.put("threshold", Double.toString(threshold));
      JsonNode answer = client.get(path("compare", q));
      int printed = printAnswer(output, answer, this::print);
      return printed != OK ? printed : regressions(answer) > 0 ? CliException.FAILURE : OK;
    }

    private static long regressions(JsonNode c) {
      long n = 0;
      for (JsonNode x : c.path("changes")) {
        n += x.path("regression").asBoolean() ? 1 : 0;
      }
      for (JsonNode x : c.path("outcomes")) {
        n += x.path("regression").asBoolean() ? 1 : 0;
      }
      return n;
    }

    private void print(JsonNode c) {
      String a = Nodes.text(c, "a");
      String b = Nodes.text(c, "b");
      Table tests = Table.withHeaders("Test", a + " passed/all", b + " passed/all", "");
      for (JsonNode o : c.path("outcomes")) {
        tests.add(
            Nodes.text(o, "test"),
            passed(o.path("a")),
            passed(o.path("b")),
            o.path("regression").asBoolean() ? "REGRESSION" : "");
      }
      tests.print(out());
      out().println();
      Table perf = Table.withHeaders("Test", "Metric", a, b, "Change", "");
      for (JsonNode x : c.path("changes")) {
        JsonNode change = x.path("change_percent");
        perf.add(
            Nodes.text(x, "test"),
            Nodes.text(x, "metric"),
            number(x.path("a")),
            number(x.path("b")),
            change.isNumber() ? String.format(Locale.ROOT, "%+.1f%%", change.asDouble()) : "",
            x.path("regression").asBoolean() ? "REGRESSION" : "");
      }
      perf.print(out());
      out().println();
      out()
          .println(
              regressions(c) + " regression(s) beyond " + Nodes.text(c, "threshold_percent") + "%");
    }

    private static String passed(JsonNode cell) {
      long all = 0;
      for (JsonNode n : cell.path("by_status")) {
        all += n.asLong();
      }
      return all == 0 ? "-" : cell.path("by_status").path("GOOD").asLong() + "/" + all;
    }
  }

  static String number(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.4g", n.asDouble()) : "";
  }
}

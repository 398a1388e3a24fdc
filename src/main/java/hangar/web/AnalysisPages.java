package hangar.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.results.Analysis;
import hangar.results.Analysis.Axis;
import hangar.results.Analysis.Filter;
import hangar.store.ResultsAnalysisStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /analysis}: TKO's pages over the results database: the grid of tests by kernel, host or
 * job, the runs behind a cell, one metric plotted, and two jobs or kernels compared. They ask the
 * same store, with the same filters, as {@code /api/v1/results/...}.
 */
public final class AnalysisPages {
  /** Runs the drill-down lists. */
  static final int RUNS = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebUi ui;
  private final WebUi.Sources sources;

  AnalysisPages(WebUi ui, WebUi.Sources sources) {
    this.ui = ui;
    this.sources = sources;
  }

  void install(RoutesConfig routes) {
    routes.get("/analysis", this::grid);
    routes.get("/analysis/runs", this::runs);
    routes.get("/analysis/perf", this::perf);
    routes.get("/analysis/compare", this::compare);
  }

  /**
   * The filters as the forms show them; empty strings for none.
   *
   * @param test the test
   * @param host the host
   * @param label the host label
   * @param job the job id
   * @param kernel the kernel
   */
  public record Form(String test, String host, String label, String job, String kernel) {
    static Form of(Filter f) {
      return new Form(
          orEmpty(f.test()),
          orEmpty(f.host()),
          orEmpty(f.label()),
          f.job() == null ? "" : f.job().toString(),
          orEmpty(f.kernel()));
    }

    /** The filters as a query string's pairs, starting with {@code &}. */
    public String query() {
      return pair("test", test)
          + pair("host", host)
          + pair("label", label)
          + pair("job", job)
          + pair("kernel", kernel);
    }

    /** The query of the runs behind one cell of a grid by {@code by}. */
    public String cell(String test, Axis by, String column) {
      Form f =
          new Form(
              test,
              by == Axis.HOST ? column : host,
              label,
              by == Axis.JOB ? column : job,
              by == Axis.KERNEL ? column : kernel);
      return f.query().substring(1);
    }

    private static String pair(String name, String value) {
      return value.isEmpty() ? "" : "&" + name + "=" + Links.query(value);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static Filter filter(Context ctx) {
    return Filter.of(ctx::queryParam, "");
  }

  private static Axis by(Context ctx, Axis otherwise) {
    String by = ctx.queryParam("by");
    return by == null || by.isBlank() ? otherwise : Axis.parse(by);
  }

  /**
   * The grid page.
   *
   * @param frame the page's frame
   * @param form the filters
   * @param grid the grid
   */
  public record GridModel(WebUi.Frame frame, Form form, Analysis.Grid grid) {
    /** A cell's class: all passed, some failed, or all failed. */
    public String tone(Analysis.Cell cell) {
      if (cell.failed() == 0) {
        return "pass";
      }
      return cell.passed() == 0 ? "fail" : "mixed";
    }
  }

  private void grid(Context ctx) {
    Axis by = by(ctx, Axis.KERNEL);
    Filter filter = filter(ctx);
    ui.render(
        ctx,
        "analysis/grid.jte",
        new GridModel(
            ui.frame(ctx, "Results", "analysis"),
            Form.of(filter),
            sources.analysis().grid(by, filter)));
  }

  /**
   * The runs behind a cell.
   *
   * @param frame the page's frame
   * @param form the filters
   * @param status the status asked for, or empty
   * @param runs the runs, newest first
   */
  public record RunsModel(WebUi.Frame frame, Form form, String status, List<Analysis.Run> runs) {}

  private void runs(Context ctx) {
    Filter filter = filter(ctx);
    String status = orEmpty(ctx.queryParam("status")).strip();
    ui.render(
        ctx,
        "analysis/runs.jte",
        new RunsModel(
            ui.frame(ctx, "Test runs", "analysis"),
            Form.of(filter),
            status,
            sources.analysis().runs(filter, status.isEmpty() ? null : status, RUNS)));
  }

  /**
   * The perf page.
   *
   * @param frame the page's frame
   * @param form the filters
   * @param metric the metric plotted, or empty before one is chosen
   * @param by the axis
   * @param metrics the metrics there are, for the chooser
   * @param points the plot's points
   * @param json the points as JSON, which the page's script draws
   */
  public record PerfModel(
      WebUi.Frame frame,
      Form form,
      String metric,
      Axis by,
      List<String> metrics,
      Analysis.Series series,
      String json) {
    /** The points plotted. */
    public List<Analysis.Point> points() {
      return series.points();
    }

    /** The axes to choose from. */
    public List<Axis> axes() {
      return List.of(Axis.values());
    }
  }

  private void perf(Context ctx) throws JsonProcessingException {
    Filter filter = filter(ctx);
    Axis by = by(ctx, Axis.KERNEL);
    List<String> metrics = sources.analysis().metrics(filter);
    String metric = orEmpty(ctx.queryParam("metric")).strip();
    if (metric.isEmpty() && !metrics.isEmpty()) {
      metric = metrics.get(0);
    }
    Analysis.Series series =
        metric.isEmpty()
            ? new Analysis.Series(List.of(), false, ResultsAnalysisStore.MAX_VALUES)
            : sources.analysis().perf(metric, by, filter);
    List<Analysis.Point> points = series.points();
    ui.render(
        ctx,
        "analysis/perf.jte",
        new PerfModel(
            ui.frame(ctx, "Performance", "analysis"),
            Form.of(filter),
            metric,
            by,
            metrics,
            series,
            JSON.writeValueAsString(points)));
  }

  /**
   * The compare page.
   *
   * @param frame the page's frame
   * @param form the common filters
   * @param aJob side A's job, or empty
   * @param bJob side B's job
   * @param aKernel side A's kernel
   * @param bKernel side B's kernel
   * @param threshold the regression threshold in percent
   * @param comparison the comparison, or null before both sides are named
   */
  public record CompareModel(
      WebUi.Frame frame,
      Form form,
      String aJob,
      String bJob,
      String aKernel,
      String bKernel,
      double threshold,
      Analysis.Comparison comparison) {
    /** A change as {@code +1.5%}, or empty. */
    public String percent(Double change) {
      return change == null ? "" : String.format(java.util.Locale.ROOT, "%+.1f%%", change);
    }

    /** A mean to four significant digits, or a dash for none. */
    public String number(Double value) {
      return value == null ? "–" : String.format(java.util.Locale.ROOT, "%.4g", value);
    }

    /** A side's runs of a test as passed/all, or a dash. */
    public String passed(Analysis.Cell cell) {
      return cell.total() == 0 ? "–" : cell.passed() + "/" + cell.total();
    }
  }

  private void compare(Context ctx) {
    String aJob = orEmpty(ctx.queryParam("a_job")).strip();
    String bJob = orEmpty(ctx.queryParam("b_job")).strip();
    String aKernel = orEmpty(ctx.queryParam("a_kernel")).strip();
    String bKernel = orEmpty(ctx.queryParam("b_kernel")).strip();
    double threshold = Analysis.threshold(ctx.queryParam("threshold"));
    Analysis.Comparison comparison = null;
    boolean asked = !(aJob + bJob + aKernel + bKernel).isEmpty();
    if (asked) {
      Analysis.Sides sides = Analysis.Sides.of(ctx::queryParam);
      comparison =
          sources
              .analysis()
              .compare(sides.a().describe(), sides.a(), sides.b().describe(), sides.b(), threshold);
    }
    ui.render(
        ctx,
        "analysis/compare.jte",
        new CompareModel(
            ui.frame(ctx, "Compare", "analysis"),
            Form.of(filter(ctx)),
            aJob,
            bJob,
            aKernel,
            bKernel,
            threshold,
            comparison));
  }
}

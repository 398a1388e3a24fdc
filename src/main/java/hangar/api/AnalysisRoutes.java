package hangar.api;

import hangar.results.Analysis;
import hangar.results.Analysis.Axis;
import hangar.results.Analysis.Filter;
import hangar.store.ResultsAnalysisStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /api/v1/results/...}: the results database across jobs. Every query takes the filters
 * {@code test}, {@code host}, {@code label} (a host label), {@code job} and {@code kernel}:
 *
 * <ul>
 *   <li>{@code grid?by=kernel|host|job}: each test's runs by status, per column;
 *   <li>{@code runs?status=&limit=}: the runs behind a cell, newest first;
 *   <li>{@code perf?metric=&by=kernel|host|job|time}: one metric's min, median and max per point;
 *   <li>{@code metrics}: the perf values measured;
 *   <li>{@code compare?a_job=&b_job=} (or {@code a_kernel}, {@code b_kernel}; {@code threshold} in
 *       percent, 5 by default): two sides, each metric's change and the regressions.
 * </ul>
 */
final class AnalysisRoutes {
  private final ResultsAnalysisStore analysis;

  AnalysisRoutes(ResultsAnalysisStore analysis) {
    this.analysis = analysis;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/results/grid", this::grid);
    routes.get("/api/v1/results/runs", this::runs);
    routes.get("/api/v1/results/perf", this::perf);
    routes.get("/api/v1/results/metrics", ctx -> ctx.json(analysis.metrics(filter(ctx))));
    routes.get("/api/v1/results/compare", this::compare);
  }

  private static Filter filter(Context ctx) {
    return Filter.of(ctx::queryParam, "");
  }

  private static Axis by(Context ctx, Axis otherwise) {
    String by = ctx.queryParam("by");
    return by == null || by.isBlank() ? otherwise : Axis.parse(by);
  }

  private void grid(Context ctx) {
    ctx.json(analysis.grid(by(ctx, Axis.KERNEL), filter(ctx)));
  }

  private void runs(Context ctx) {
    String status = ctx.queryParam("status");
    int limit = Paging.page(ctx, 100).limit();
    ctx.json(analysis.runs(filter(ctx), status == null || status.isBlank() ? null : status, limit));
  }

  private void perf(Context ctx) {
    String metric = ctx.queryParam("metric");
    Axis by = by(ctx, Axis.KERNEL);
    Analysis.Series series = analysis.perf(metric, by, filter(ctx));
    ctx.json(
        Map.of(
            "metric",
            metric == null ? "" : metric,
            "by",
            by.word(),
            "points",
            series.points(),
            "truncated",
            series.truncated(),
            "max_values",
            series.maxValues()));
  }

  private void compare(Context ctx) {
    Analysis.Sides sides = Analysis.Sides.of(ctx::queryParam);
    ctx.json(
        analysis.compare(
            sides.a().describe(),
            sides.a(),
            sides.b().describe(),
            sides.b(),
            Analysis.threshold(ctx.queryParam("threshold"))));
  }
}

package hangar.api;

import hangar.scheduler.SchedulerMetrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /metrics}: the scheduler's meters in the Prometheus text format, for any reader. */
final class MetricsRoutes {
  /** The content type of the Prometheus text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final SchedulerMetrics metrics;

  MetricsRoutes(SchedulerMetrics metrics) {
    this.metrics = metrics;
  }

  void install(RoutesConfig routes) {
    routes.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
  }
}

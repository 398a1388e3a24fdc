package hangar.api;

import hangar.store.LabelStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/v1/labels}: create, list and delete labels, and put them on hosts. */
final class LabelRoutes {
  private final LabelStore labels;

  LabelRoutes(LabelStore labels) {
    this.labels = labels;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/labels", this::list);
    routes.post("/api/v1/labels", this::create);
    routes.delete("/api/v1/labels/{name}", this::delete);
    routes.put("/api/v1/labels/{name}/hosts/{hostname}", this::addHost);
    routes.delete("/api/v1/labels/{name}/hosts/{hostname}", this::removeHost);
  }

  private void list(Context ctx) {
    Paging.reply(ctx, labels.list(Paging.page(ctx, Paging.DEFAULT_LIMIT)), Json.LabelJson::of);
  }

  private void create(Context ctx) {
    Json.NewLabel body = ctx.bodyAsClass(Json.NewLabel.class);
    var label =
        labels.create(
            body.name(),
            Boolean.TRUE.equals(body.platform()),
            Boolean.TRUE.equals(body.onlyIfNeeded()));
    ctx.status(201).json(Json.LabelJson.of(label));
  }

  private void delete(Context ctx) {
    labels.delete(ctx.pathParam("name"), Routes.flag(ctx, "force"));
    ctx.status(204);
  }

  private void addHost(Context ctx) {
    ctx.json(Json.LabelJson.of(labels.addHost(ctx.pathParam("name"), ctx.pathParam("hostname"))));
  }

  private void removeHost(Context ctx) {
    ctx.json(
        Json.LabelJson.of(labels.removeHost(ctx.pathParam("name"), ctx.pathParam("hostname"))));
  }
}

package hangar.api;

import hangar.lab.AtomicGroup;
import hangar.store.AtomicGroupStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/v1/atomicgroups}: create, list, show and delete atomic groups, and put labels in them
 * or take them out. Every change needs the admin token, as every write does.
 */
final class AtomicGroupRoutes {
  private static final String GROUPS = "/api/v1/atomicgroups";

  private final AtomicGroupStore groups;

  AtomicGroupRoutes(AtomicGroupStore groups) {
    this.groups = groups;
  }

  void install(RoutesConfig routes) {
    routes.get(GROUPS, this::list);
    routes.post(GROUPS, this::create);
    routes.get(GROUPS + "/{name}", this::stat);
    routes.delete(GROUPS + "/{name}", this::delete);
    routes.put(GROUPS + "/{name}/labels/{label}", this::addLabel);
    routes.delete(GROUPS + "/{name}/labels/{label}", this::removeLabel);
  }

  /** An atomic group as the API shows it. */
  record AtomicGroupJson(
      long id, String name, String description, int maxNumberOfMachines, List<String> labels) {
    static AtomicGroupJson of(AtomicGroup g) {
      return new AtomicGroupJson(
          g.id(), g.name(), g.description(), g.maxNumberOfMachines(), g.labels());
    }
  }

  /** The body of {@code POST /api/v1/atomicgroups}. */
  record NewAtomicGroup(String name, String description, Integer maxNumberOfMachines) {}

  private void list(Context ctx) {
    Paging.reply(ctx, groups.list(Paging.page(ctx, Paging.DEFAULT_LIMIT)), AtomicGroupJson::of);
  }

  private void create(Context ctx) {
    NewAtomicGroup body = ctx.bodyAsClass(NewAtomicGroup.class);
    int max =
        body.maxNumberOfMachines() == null
            ? AtomicGroup.DEFAULT_MAX_NUMBER_OF_MACHINES
            : body.maxNumberOfMachines();
    AtomicGroup group = groups.create(body.name(), body.description(), max);
    ctx.status(201).json(AtomicGroupJson.of(group));
  }

  private void stat(Context ctx) {
    ctx.json(AtomicGroupJson.of(groups.get(ctx.pathParam("name"))));
  }

  private void delete(Context ctx) {
    groups.delete(ctx.pathParam("name"), Routes.flag(ctx, "force"));
    ctx.status(204);
  }

  private void addLabel(Context ctx) {
    ctx.json(AtomicGroupJson.of(groups.addLabel(ctx.pathParam("name"), ctx.pathParam("label"))));
  }

  private void removeLabel(Context ctx) {
    ctx.json(AtomicGroupJson.of(groups.removeLabel(ctx.pathParam("name"), ctx.pathParam("label"))));
  }
}

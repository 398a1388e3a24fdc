package hangar.api;

import hangar.host.PowerCommand;
import hangar.lab.Host;
import hangar.lab.Names;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.ConflictException;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SpecialTaskStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/hosts}: register, list, show, lock, reverify, power and delete hosts. */
final class HostRoutes {
  private static final int RECENT_ENTRIES = 20;
  private static final int RECENT_TASKS = 20;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostRoutes.class);
  private static final java.time.Duration POWER_TIMEOUT = java.time.Duration.ofMinutes(2);

  private final HostStore hosts;
  private final HostQueueEntryStore entries;
  private final JobStore jobs;
  private final SpecialTaskStore tasks;
  private final Runnable wakeScheduler;
  private final AccessRules rules;

  HostRoutes(
      HostStore hosts,
      HostQueueEntryStore entries,
      JobStore jobs,
      SpecialTaskStore tasks,
      Runnable wakeScheduler,
      AccessRules rules) {
    this.rules = rules;
    this.hosts = hosts;
    this.entries = entries;
    this.jobs = jobs;
    this.tasks = tasks;
    this.wakeScheduler = wakeScheduler;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/hosts", this::list);
    routes.post("/api/v1/hosts", this::create);
    routes.get("/api/v1/hosts/{hostname}", this::stat);
    routes.patch("/api/v1/hosts/{hostname}", this::modify);
    routes.delete("/api/v1/hosts/{hostname}", this::delete);
    routes.post("/api/v1/hosts/{hostname}/reverify", this::reverify);
    routes.post("/api/v1/hosts/{hostname}/power", this::power);
  }

  /**
   * Runs the host's power on, off or reset command on this machine (where the {@code localhost}
   * drone runs) and answers with how it ended.
   */
  private void power(Context ctx) throws InterruptedException {
    Host host = hosts.get(ctx.pathParam("hostname"));
    rules.requireHostCommands(
        Authentication.caller(ctx), host.hostname(), "run the power commands of");
    Json.PowerRequest body = ctx.bodyAsClass(Json.PowerRequest.class);
    String action = body.action() == null ? "" : body.action();
    String command =
        switch (action) {
          case "on" -> host.commands().powerOn();
          case "off" -> host.commands().powerOff();
          case "reset" -> host.commands().powerReset();
          default ->
              throw new IllegalArgumentException(
                  "power action must be on, off or reset, was " + Names.quote(action));
        };
    if (command.isEmpty()) {
      throw new ConflictException(
          "host "
              + host.hostname()
              + " has no power "
              + action
              + " command; set one with 'hangar host mod "
              + host.hostname()
              + " --power-"
              + action
              + " COMMAND'");
    }
    LOG.info("host={} power {} by {}: {}", host.hostname(), action, Routes.user(ctx), command);
    PowerCommand.Result result = PowerCommand.run(host.hostname(), command, POWER_TIMEOUT);
    ctx.json(
        new Json.PowerJson(
            host.hostname(),
            action,
            command,
            result.exitStatus(),
            result.timedOut(),
            result.output()));
  }

  private void list(Context ctx) {
    boolean deleted = Routes.flag(ctx, "deleted");
    Paging.reply(
        ctx,
        hosts.list(Paging.page(ctx, Paging.DEFAULT_LIMIT), deleted),
        h -> Json.HostJson.of(h, null));
  }

  private void create(Context ctx) {
    AccessRules.requireAdmin(Authentication.caller(ctx), "create hosts");
    Json.NewHost body = ctx.bodyAsClass(Json.NewHost.class);
    Host host = hosts.create(body.toRequest(), Routes.user(ctx));
    ctx.status(201).json(Json.HostJson.of(host, null));
  }

  private void stat(Context ctx) {
    Host host = hosts.get(ctx.pathParam("hostname"));
    List<Json.EntryJson> recent =
        entries.forHost(host.id(), RECENT_ENTRIES).stream()
            .map(e -> Json.EntryJson.of(e, jobs.get(e.jobId()).job().owner()))
            .toList();
    List<Json.SpecialTaskJson> recentTasks =
        tasks.forHost(host.id(), RECENT_TASKS).stream().map(Json.SpecialTaskJson::of).toList();
    ctx.json(Json.HostJson.of(host, recent, recentTasks));
  }

  /**
   * Asks for a verify of the host, as Autotest's {@code reverify_hosts}: one pending verify per
   * host, so asking twice gives the same task. A Repair Failed host comes back this way.
   */
  private void reverify(Context ctx) {
    Host host = hosts.get(ctx.pathParam("hostname"));
    rules.requireHostChange(Authentication.caller(ctx), host.hostname(), "reverify");
    SpecialTask task = tasks.request(host.id(), SpecialTaskType.VERIFY);
    wakeScheduler.run();
    ctx.status(202).json(Json.SpecialTaskJson.of(task));
  }

  private void modify(Context ctx) {
    String hostname = ctx.pathParam("hostname");
    Json.HostChange change = ctx.bodyAsClass(Json.HostChange.class);
    hosts.get(hostname); // an unknown host is a 404 before any rule is asked
    if (change.changesCommands()) {
      AccessRules.requireAdmin(
          Authentication.caller(ctx), "set power or console commands, which run on the server,");
    }
    rules.requireHostChange(Authentication.caller(ctx), hostname, "modify");
    Host host = hosts.modify(hostname, change.toSettings(), Routes.user(ctx));
    ctx.json(Json.HostJson.of(host, null));
  }

  private void delete(Context ctx) {
    AccessRules.requireAdmin(Authentication.caller(ctx), "delete hosts");
    hosts.delete(ctx.pathParam("hostname"), Routes.flag(ctx, "force"));
    ctx.status(204);
  }
}

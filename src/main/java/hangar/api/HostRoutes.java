package hangar.api;

import hangar.host.PowerCommand;
import hangar.lab.Host;
import hangar.lab.Protection;
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
                  "power action must be on, off or reset, was '" + action + "'");
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
    List<Host> found = Routes.flag(ctx, "deleted") ? hosts.listDeleted() : hosts.list();
    ctx.json(found.stream().map(h -> Json.HostJson.of(h, null)).toList());
  }

  private void create(Context ctx) {
    AccessRules.requireAdmin(Authentication.caller(ctx), "create hosts");
    Json.NewHost body = ctx.bodyAsClass(Json.NewHost.class);
    Protection protection =
        body.protection() == null ? Protection.NO_PROTECTION : Protection.parse(body.protection());
    Host host =
        hosts.create(
            body.hostname(), body.labels() == null ? List.of() : body.labels(), protection);
    if (body.sshUser() != null || body.sshPort() != null) {
      host = hosts.setSsh(host.hostname(), body.sshUser(), body.sshPort());
    }
    if (body.powerOn() != null
        || body.powerOff() != null
        || body.powerReset() != null
        || body.console() != null) {
      host =
          hosts.setCommands(
              host.hostname(), body.powerOn(), body.powerOff(), body.powerReset(), body.console());
    }
    if (Boolean.TRUE.equals(body.locked())) {
      host = hosts.lock(host.hostname(), Routes.user(ctx), body.lockReason());
    }
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
    Host host = hosts.get(hostname);
    if (change.changesCommands()) {
      AccessRules.requireAdmin(
          Authentication.caller(ctx), "set power or console commands, which run on the server,");
    }
    rules.requireHostChange(Authentication.caller(ctx), hostname, "modify");
    if (Boolean.TRUE.equals(change.locked())) {
      host = hosts.lock(hostname, Routes.user(ctx), change.lockReason());
    } else if (Boolean.FALSE.equals(change.locked())) {
      host = hosts.unlock(hostname);
    }
    if (change.protection() != null) {
      host = hosts.protect(hostname, Protection.parse(change.protection()));
    }
    if (change.sshUser() != null || change.sshPort() != null) {
      host = hosts.setSsh(hostname, change.sshUser(), change.sshPort());
    }
    if (change.changesCommands()) {
      host =
          hosts.setCommands(
              hostname, change.powerOn(), change.powerOff(), change.powerReset(), change.console());
    }
    ctx.json(Json.HostJson.of(host, null));
  }

  private void delete(Context ctx) {
    AccessRules.requireAdmin(Authentication.caller(ctx), "delete hosts");
    hosts.delete(ctx.pathParam("hostname"), Routes.flag(ctx, "force"));
    ctx.status(204);
  }
}

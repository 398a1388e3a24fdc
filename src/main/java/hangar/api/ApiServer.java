package hangar.api;

import hangar.HangarException;
import hangar.results.ResultsDirectory;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.SchedulerMetrics;
import hangar.store.AclStore;
import hangar.store.AtomicGroupStore;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.SpecialTaskStore;
import hangar.store.TokenStore;
import hangar.store.UserStore;
import hangar.store.WebSessionStore;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The HTTP side of the server: the REST API, result files, logins, and the access rules every
 * request goes through first.
 */
public final class ApiServer implements AutoCloseable {
  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** Paths whose writes only admins may make: what changes the lab for everybody. */
  private static final List<String> ADMIN_WRITES =
      List.of("/api/v1/labels", "/api/v1/atomicgroups", "/api/v1/drones");

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /**
   * What the routes work on.
   *
   * @param hosts the host store
   * @param labels the label store
   * @param atomicGroups the atomic group store
   * @param jobs the job store
   * @param entries the queue entry store
   * @param tasks the special task store
   * @param results the results repository
   * @param people the users, ACL groups, tokens and web sessions requests are checked against
   * @param wakeScheduler called after a change the scheduler should see at once
   * @param server what {@code GET /api/v1/server} answers
   * @param metrics what {@code GET /metrics} writes
   * @param drones what {@code GET /api/v1/drones} reports
   * @param elsewhere where results are looked for besides this machine and the drones: the results
   *     host first, then the archive host; empty when neither is another machine
   * @param resultsDb the parsed results
   * @param summary the counts the web pages' dashboard shows
   * @param analysis the results database read across jobs
   */
  public record Services(
      HostStore hosts,
      LabelStore labels,
      AtomicGroupStore atomicGroups,
      JobStore jobs,
      HostQueueEntryStore entries,
      SpecialTaskStore tasks,
      ResultsDirectory results,
      People people,
      Runnable wakeScheduler,
      Json.ServerJson server,
      SchedulerMetrics metrics,
      DroneSlots drones,
      hangar.results.ResultsHosts.Elsewhere elsewhere,
      hangar.store.ResultsDbStore resultsDb,
      hangar.store.LabSummaryStore summary,
      hangar.store.ResultsAnalysisStore analysis) {}

  /**
   * What access is checked against.
   *
   * @param users the users
   * @param acls the ACL groups
   * @param tokens the API tokens
   * @param sessions the web sessions
   * @param anonymousRead whether reads need no login ({@code [SERVER] anonymous_read})
   * @param metricsAnonymous whether {@code /metrics} needs no login ({@code metrics_anonymous})
   * @param clock the time lock-outs are measured with
   */
  public record People(
      UserStore users,
      AclStore acls,
      TokenStore tokens,
      WebSessionStore sessions,
      boolean anonymousRead,
      boolean metricsAnonymous,
      Clock clock) {}

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one), in HTTPS when {@code tls} says.
   *
   * @throws PortTakenException when the port is in use
   */
  public static ApiServer start(Services s, String host, int port, hangar.tls.ServerTls tls) {
    Javalin app =
        Javalin.create(
            cfg -> {
              tls.install(cfg);
              cfg.concurrency.useVirtualThreads = true;
              cfg.jsonMapper(new RequestBodies());
              cfg.startup.showJavalinBanner = false;
              People p = s.people();
              Authentication authentication =
                  new Authentication(
                      p.tokens(),
                      p.sessions(),
                      new Authentication.Openness(p.anonymousRead(), p.metricsAnonymous()));
              AccessRules rules = new AccessRules(p.acls());
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              cfg.routes.before(
                  ctx -> {
                    RequestLines.check(ctx);
                    authentication.check(ctx);
                    if (WRITES.contains(ctx.method())
                        && ADMIN_WRITES.stream().anyMatch(ctx.path()::startsWith)) {
                      AccessRules.requireAdmin(
                          Authentication.caller(ctx),
                          "change " + ctx.path().substring("/api/v1/".length()));
                    }
                  });
              cfg.routes.get("/api/v1/server", ctx -> ctx.json(s.server()));
              new LoginRoutes(p.users(), p.tokens(), p.sessions(), p.clock()).install(cfg.routes);
              new UserRoutes(p.users()).install(cfg.routes);
              new AclRoutes(p.acls(), p.users(), rules, s.wakeScheduler()).install(cfg.routes);
              new TokenRoutes(p.tokens(), p.users()).install(cfg.routes);
              new HostRoutes(s.hosts(), s.entries(), s.jobs(), s.tasks(), s.wakeScheduler(), rules)
                  .install(cfg.routes);
              new LabelRoutes(s.labels()).install(cfg.routes);
              new AtomicGroupRoutes(s.atomicGroups()).install(cfg.routes);
              new JobRoutes(s.jobs(), s.resultsDb(), s.wakeScheduler()).install(cfg.routes);
              new ResultRoutes(s.results(), s.drones(), s.elsewhere()).install(cfg.routes);
              new AnalysisRoutes(s.analysis()).install(cfg.routes);
              new MetricsRoutes(s.metrics()).install(cfg.routes);
              new DroneRoutes(s.drones()).install(cfg.routes);
              new hangar.web.WebUi(
                      new hangar.web.WebUi.Sources(
                          s.hosts(),
                          s.labels(),
                          s.jobs(),
                          s.entries(),
                          s.tasks(),
                          s.summary(),
                          s.analysis(),
                          s.resultsDb(),
                          s.drones(),
                          p.acls(),
                          p.sessions(),
                          rules))
                  .install(cfg);
              ErrorMapping.install(cfg.routes);
            });
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      if (hasCause(e, BindException.class)) {
        app.stop();
        throw portTaken(host, port);
      }
      throw e;
    }
    return new ApiServer(app);
  }

  /**
   * Fails as {@link #start} would when the port is taken, without starting anything: a role that
   * starts its API beside other parts checks first, so a second server on a taken port stops before
   * it starts a drone or ticks.
   *
   * @throws PortTakenException when another socket listens on it
   * @throws UncheckedIOException when the address cannot be bound for another reason
   */
  public static void checkPortFree(String host, int port) {
    if (port == 0) {
      return; // any free port: nothing to check
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // as the server binds it: a port in TIME_WAIT is free
      socket.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw portTaken(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static PortTakenException portTaken(String host, int port) {
    return new PortTakenException(
        "port "
            + port
            + " on "
            + host
            + " is taken (is another Hangar server running?); stop it or choose another port with"
            + " --port");
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /**
   * Every route it serves, as {@code METHOD path} in Javalin's path syntax ({@code GET
   * /api/v1/hosts/{hostname}}), WebSocket routes as {@code WS path}: what a test that must cover
   * every route checks its own list against.
   */
  public List<String> routes() {
    var router = app.unsafe.internalRouter;
    Stream<String> http =
        router.allHttpHandlers().stream()
            .map(parsed -> parsed.endpoint)
            .filter(endpoint -> endpoint.method.isHttpMethod())
            .map(endpoint -> endpoint.method.name() + " " + endpoint.path);
    Stream<String> ws = router.allWsHandlers().stream().map(entry -> "WS " + entry.getPath());
    return Stream.concat(http, ws).distinct().sorted().toList();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The port asked for is in use. */
  public static final class PortTakenException extends HangarException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}

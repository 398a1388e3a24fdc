package hangar.server;

import hangar.api.AdminToken;
import hangar.api.ApiServer;
import hangar.api.Json;
import hangar.config.GlobalConfig;
import hangar.results.ResultsDirectory;
import hangar.results.ResultsHosts;
import hangar.scheduler.Dispatcher;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.LocalhostOpening;
import hangar.scheduler.SchedulerMetrics;
import hangar.scheduler.SchedulerRole;
import hangar.scheduler.Workers;
import hangar.store.AclStore;
import hangar.store.AtomicGroupStore;
import hangar.store.Database;
import hangar.store.DroneStore;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.SpecialTaskStore;
import hangar.store.TokenStore;
import hangar.store.UserStore;
import hangar.store.WebSessionStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: database, REST API and, unless told otherwise, a scheduler with the {@code localhost}
 * drone (the all-in-one setup). Built by hand in {@link #start}; {@link #close} stops them in the
 * reverse order and leaves the drone running, so sessions outlive the server.
 */
public final class ServerRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRole.class);

  /** The data directory unless {@code --data} says otherwise. */
  public static final Path DEFAULT_DATA_DIR = Path.of(DataDirectory.DEFAULT);

  /** The first admin, made with the database; the admin token file acts as this user. */
  public static final String ADMIN_LOGIN = "admin";

  /** The port unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;

  private final Database database;
  private final ApiServer api;
  private final SchedulerRole scheduler;
  private final ResultsDirectory results;
  private final AdminToken token;
  private final DroneSlots drones;
  private final FreeSpace freeSpace;

  private ServerRole(
      Database database,
      ApiServer api,
      SchedulerRole scheduler,
      ResultsDirectory results,
      AdminToken token,
      DroneSlots drones,
      FreeSpace freeSpace) {
    this.database = database;
    this.api = api;
    this.scheduler = scheduler;
    this.results = results;
    this.token = token;
    this.drones = drones;
    this.freeSpace = freeSpace;
  }

  /** Starts the all-in-one server: API, scheduler and {@code localhost} drone. */
  public static ServerRole start(
      GlobalConfig config, Path dataDir, String host, int port, Clock clock) {
    return start(config, dataDir, host, port, true, clock);
  }

  /**
   * Starts the server.
   *
   * @param config the parsed configuration
   * @param dataDir the data directory (created if needed, made private: {@link DataDirectory})
   * @param host the address to listen on
   * @param port the port (0 picks a free one)
   * @param withScheduler false for a frontend only, when {@code hangar scheduler} processes do the
   *     scheduling
   * @param clock the clock every part uses
   * @throws hangar.HangarException when a part cannot start, saying which and why
   */
  public static ServerRole start(
      GlobalConfig config,
      Path dataDir,
      String host,
      int port,
      boolean withScheduler,
      Clock clock) {
    Path dir = DataDirectory.prepare(dataDir);
    // A bad certificate or a taken port stops start-up before anything starts; the API itself
    // starts later, beside the scheduler.
    hangar.tls.ServerTls tls = hangar.tls.ServerTls.load(config.server(), clock);
    ApiServer.checkPortFree(host, port);
    // The localhost drone's daemon is looked for while the database opens.
    LocalhostOpening localhost = withScheduler ? LocalhostOpening.begin(config, dir) : null;
    AdminToken token = AdminToken.loadOrCreate(dir);
    ResultsDirectory results =
        ResultsDirectory.create(ResultsDirectory.location(config.scheduler(), dir));
    // Alone, H2 opens no network port; a frontend shares the file with 'hangar scheduler's.
    Database database =
        withScheduler
            ? Database.open(config.database(), dir)
            : Database.openShared(config.database(), dir);
    adoptAdminToken(database, token, clock);
    DroneSlots drones = new DroneSlots(config.scheduler().maxProcessesPerDrone(), clock);
    drones.useWorkers(new Workers(new DroneStore(database, clock), clock));
    drones.readDisabledFrom(new DroneStore(database, clock));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    hangar.api.ProcessMetrics.bindTo(registry);
    SchedulerMetrics metrics =
        new SchedulerMetrics(registry, new HostQueueEntryStore(database, clock), drones);
    FreeSpace freeSpace =
        new FreeSpace(dir, results.root(), config.server().warnFreeSpaceMb()).start(registry);
    // The API and the scheduler start side by side, each a good part of the start; until the
    // scheduler exists, waking it is a no-op.
    AtomicReference<Dispatcher> scheduled = new AtomicReference<>();
    CompletableFuture<ApiServer> apiStart;
    try {
      ApiServer.Services services =
          services(config, database, results, token, scheduled, metrics, drones, freeSpace, clock);
      apiStart =
          CompletableFuture.supplyAsync(
              () -> ApiServer.start(services, host, port, tls),
              task -> Thread.ofPlatform().name("hangar-api-start").start(task));
    } catch (RuntimeException | Error e) {
      throw closeAfter(e, freeSpace, database);
    }
    SchedulerRole scheduler = null;
    Throwable failed = null;
    if (withScheduler) {
      try {
        scheduler =
            SchedulerRole.start(
                localhost, config, dir, results.root(), database, metrics, drones, clock);
        scheduled.set(scheduler.dispatcher());
      } catch (RuntimeException | Error e) {
        failed = e;
      }
    }
    ApiServer api = null;
    try {
      api = apiStart.join();
    } catch (CompletionException e) {
      if (failed == null) {
        failed = e.getCause();
      } else {
        failed.addSuppressed(e.getCause());
      }
    }
    if (failed != null) {
      throw closeAfter(failed, api, scheduler, freeSpace, database);
    }
    LOG.info(
        "server ready on port {}: data {}, results {}, database {}, {}",
        api.port(),
        dir,
        results.root(),
        database.dialect().name(),
        withScheduler ? "scheduler and localhost drone inside" : "no scheduler inside");
    return new ServerRole(database, api, scheduler, results, token, drones, freeSpace);
  }

  /**
   * Closes the parts that started, each on its own (what closing throws is added to the failure),
   * and answers the failure to throw; an {@link Error} is thrown from here.
   */
  private static RuntimeException closeAfter(Throwable failure, AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
  }

  private static ApiServer.Services services(
      GlobalConfig config,
      Database database,
      ResultsDirectory results,
      AdminToken token,
      AtomicReference<Dispatcher> scheduled,
      SchedulerMetrics metrics,
      DroneSlots drones,
      FreeSpace freeSpace,
      Clock clock) {
    return new ApiServer.Services(
        new HostStore(database, clock),
        new LabelStore(database),
        new AtomicGroupStore(database, clock),
        new JobStore(database, clock),
        new HostQueueEntryStore(database, clock),
        new SpecialTaskStore(database, clock),
        results,
        new ApiServer.People(
            new UserStore(database, clock),
            new AclStore(database, clock),
            new TokenStore(database, clock),
            new WebSessionStore(database, clock),
            config.server().anonymousRead(),
            config.server().metricsAnonymous(),
            clock),
        () -> {
          Dispatcher d = scheduled.get();
          if (d != null) {
            d.wake();
          }
        },
        new Json.ServerJson(
            hangar.Versions.current(),
            results.root().toString(),
            database.dialect().name(),
            freeSpace::report),
        metrics,
        drones,
        ResultsHosts.elsewhere(config, results.root(), clock),
        new hangar.store.ResultsDbStore(database, clock),
        new hangar.store.LabSummaryStore(database),
        new hangar.store.ResultsAnalysisStore(database));
  }

  /** The port the API listens on. */
  public int port() {
    return api.port();
  }

  /** Every route the API serves, as {@link ApiServer#routes()} lists them. */
  public java.util.List<String> routes() {
    return api.routes();
  }

  /** The results repository. */
  public Path resultsDir() {
    return results.root();
  }

  /** A dial-in worker this server knows, by name: the transfer benchmark copies from one. */
  public java.util.Optional<hangar.drone.WorkerDrone> worker(String name) {
    return drones.workers().flatMap(w -> w.get(name));
  }

  /** The admin token writes need. */
  public String adminToken() {
    return token.value();
  }

  /**
   * Stops the API, the scheduler and the database; the drone and its sessions keep running, and the
   * log says how to stop it.
   */
  @Override
  public void close() {
    stop();
    String howToStop =
        localDrone()
            .map(
                drone ->
                    " (pid "
                        + drone.ping().pid()
                        + "): stop it with 'hangar drone --dir "
                        + drone.droneDir()
                        + " --stop' once they end; a server started again adopts them")
            .orElse("");
    LOG.info("server stopped; the localhost drone keeps running its sessions{}", howToStop);
  }

  private void stop() {
    api.close();
    if (scheduler != null) {
      scheduler.close();
    }
    drones.workers().ifPresent(Workers::close);
    freeSpace.close();
    database.close();
  }

  private java.util.Optional<hangar.drone.LocalDrone> localDrone() {
    if (scheduler == null) {
      return java.util.Optional.empty();
    }
    try {
      return scheduler.fleet().all().stream()
          .filter(hangar.drone.LocalDrone.class::isInstance)
          .map(hangar.drone.LocalDrone.class::cast)
          .findFirst();
    } catch (hangar.HangarException e) {
      LOG.warn("cannot reach the localhost drone to say how to stop it: {}", e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** Stops the server and its drones with it; for tests and uninstalls. */
  public void closeWithDrone() {
    stop();
    if (scheduler != null) {
      for (hangar.drone.Drone drone : scheduler.fleet().all()) {
        switch (drone) {
          case hangar.drone.LocalDrone local -> local.shutdown();
          case hangar.drone.WorkerDrone worker -> {
            // A worker runs on its own machine and stops there.
          }
          case hangar.drone.RemoteDrone remote -> {
            try {
              remote.shutdown();
            } catch (hangar.HangarException e) {
              LOG.warn("drone {} could not be stopped: {}", remote.name(), e.getMessage());
            }
          }
        }
      }
    }
  }

  /**
   * Makes the admin token file of the data directory the first admin's token, kept in the database
   * as a hash like every token: once, so that a revoked one stays revoked.
   */
  private static void adoptAdminToken(Database database, AdminToken token, Clock clock) {
    try {
      if (new TokenStore(database, clock).adopt(ADMIN_LOGIN, AdminToken.FILE_NAME, token.value())) {
        LOG.info("the admin token file is now the API token of user {}", ADMIN_LOGIN);
      }
    } catch (hangar.store.NotFoundException e) {
      LOG.warn(
          "user {} does not exist, so {} is not a token of anybody's; make tokens with 'hangar"
              + " token create --user LOGIN' as another admin",
          ADMIN_LOGIN,
          AdminToken.FILE_NAME);
    }
  }
}

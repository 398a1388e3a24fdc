package hangar.server;

import hangar.Main;
import hangar.api.AdminToken;
import hangar.api.ApiServer;
import hangar.api.Json;
import hangar.config.GlobalConfig;
import hangar.config.SchedulerSettings;
import hangar.drone.LocalDrone;
import hangar.results.ResultsDirectory;
import hangar.scheduler.Dispatcher;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.SchedulerMetrics;
import hangar.scheduler.Throttles;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one server: database, REST API, scheduler and the {@code localhost} drone. Built by
 * hand in {@link #start}; {@link #close} stops them in the reverse order and leaves the drone
 * running, so sessions outlive the server.
 */
public final class ServerRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRole.class);

  /** The data directory unless {@code --data} says otherwise. */
  public static final Path DEFAULT_DATA_DIR = Path.of("var");

  /** The port unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;

  private final Database database;
  private final ApiServer api;
  private final Dispatcher dispatcher;
  private final LocalDrone drone;
  private final ResultsDirectory results;
  private final AdminToken token;

  private ServerRole(
      Database database,
      ApiServer api,
      Dispatcher dispatcher,
      LocalDrone drone,
      ResultsDirectory results,
      AdminToken token) {
    this.database = database;
    this.api = api;
    this.dispatcher = dispatcher;
    this.drone = drone;
    this.results = results;
    this.token = token;
  }

  /**
   * Starts the server.
   *
   * @param config the parsed configuration
   * @param dataDir the data directory (created if needed)
   * @param host the address to listen on
   * @param port the port (0 picks a free one)
   * @param clock the clock every part uses
   * @throws hangar.HangarException when a part cannot start, saying which and why
   */
  public static ServerRole start(
      GlobalConfig config, Path dataDir, String host, int port, Clock clock) {
    createDirectories(dataDir);
    Path dir = dataDir.toAbsolutePath();
    AdminToken token = AdminToken.loadOrCreate(dir);
    SchedulerSettings scheduler = config.scheduler();
    ResultsDirectory results = ResultsDirectory.create(resultsRoot(scheduler, dir));
    Database database = Database.open(config.database(), dir);
    HostStore hosts = new HostStore(database, clock);
    JobStore jobs = new JobStore(database, clock);
    HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
    Throttles throttles =
        new Throttles(scheduler.maxProcessesPerDrone(), scheduler.maxJobsStartedPerCycle());
    DroneSlots drones = new DroneSlots(throttles.maxProcessesPerDrone(), clock);
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), entries, drones);
    // The API binds its port first, so a taken port stops start-up before a drone is spawned;
    // until the scheduler exists, waking it is a no-op.
    AtomicReference<Dispatcher> scheduled = new AtomicReference<>();
    ApiServer api;
    try {
      api =
          ApiServer.start(
              new ApiServer.Services(
                  hosts,
                  new LabelStore(database),
                  jobs,
                  entries,
                  results,
                  token,
                  () -> {
                    Dispatcher d = scheduled.get();
                    if (d != null) {
                      d.wake();
                    }
                  },
                  new Json.ServerJson(
                      Main.version(), results.root().toString(), database.dialect().name()),
                  metrics,
                  drones),
              host,
              port);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    try {
      LocalDrone drone = LocalDrone.create(dir.resolve("drone"));
      drones.watch(drone);
      Dispatcher dispatcher =
          new Dispatcher(
              hosts,
              jobs,
              entries,
              drone,
              results.root(),
              throttles,
              scheduler.tickInterval(),
              metrics);
      scheduled.set(dispatcher);
      dispatcher.start();
      LOG.info(
          "server ready on port {}: data {}, results {}, database {}",
          api.port(),
          dir,
          results.root(),
          database.dialect().name());
      return new ServerRole(database, api, dispatcher, drone, results, token);
    } catch (RuntimeException e) {
      api.close();
      database.close();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return api.port();
  }

  /** The results repository. */
  public Path resultsDir() {
    return results.root();
  }

  /** The admin token writes need. */
  public String adminToken() {
    return token.value();
  }

  /** The scheduler, for tests that tick by hand. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** Stops the API, the scheduler and the database; the drone and its sessions keep running. */
  @Override
  public void close() {
    api.close();
    try {
      dispatcher.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping the scheduler", e);
    }
    database.close();
    LOG.info("server stopped; the localhost drone keeps its sessions running");
  }

  /** Stops the server and the {@code localhost} drone with it; for tests and uninstalls. */
  public void closeWithDrone() {
    close();
    drone.shutdown();
  }

  private static Path resultsRoot(SchedulerSettings scheduler, Path dataDir) {
    String configured = scheduler.resultsHostInstallationDirectory();
    return configured == null || configured.isBlank()
        ? dataDir.resolve("results")
        : Path.of(configured);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }
}

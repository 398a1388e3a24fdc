package hangar.scheduler;

import hangar.autoserv.HostChecks;
import hangar.config.AutoservSettings;
import hangar.config.GlobalConfig;
import hangar.config.SchedulerSettings;
import hangar.drone.Drone;
import hangar.drone.LocalDrone;
import hangar.drone.RemoteDrone;
import hangar.store.Database;
import hangar.store.DroneStore;
import hangar.store.HostQueueEntryStore;
import hangar.store.ResultsDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's composition root: the {@code localhost} drone and a dispatcher over the database,
 * started together. {@code hangar server} runs one inside itself; {@code hangar scheduler} runs one
 * as a process of its own, and several may share a database.
 */
public final class SchedulerRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerRole.class);

  private final Dispatcher dispatcher;
  private final DroneFleet fleet;
  private final ResultsTransfer transfer;
  private final ResultsParsing parsing;
  private final Supervision supervisors;

  private SchedulerRole(
      Dispatcher dispatcher,
      DroneFleet fleet,
      ResultsTransfer transfer,
      ResultsParsing parsing,
      Supervision supervisors) {
    this.supervisors = supervisors;
    this.dispatcher = dispatcher;
    this.fleet = fleet;
    this.transfer = transfer;
    this.parsing = parsing;
  }

  /**
   * Connects to (or starts) the {@code localhost} drone under {@code dataDir/drone} and starts a
   * dispatcher on the database.
   *
   * @param localhost the look for the {@code localhost} daemon, begun before the database opened
   * @param config the configuration: {@code [SCHEDULER]}, and {@code [AUTOSERV]} for the checks of
   *     verify, cleanup and repair; its file is read by a drone started now too
   * @param dataDir the data directory (absolute)
   * @param resultsDir where sessions write their results
   * @param database the lab's database, owned by the caller
   * @param metrics where the dispatcher counts its decisions
   * @param drones the drone table the API and metrics read; the drone is added to it
   * @param clock the clock every part uses
   * @throws hangar.drone.DroneUnreachableException when the drone cannot be started
   */
  public static SchedulerRole start(
      LocalhostOpening localhost,
      GlobalConfig config,
      Path dataDir,
      Path resultsDir,
      Database database,
      SchedulerMetrics metrics,
      DroneSlots drones,
      Clock clock) {
    SchedulerSettings settings = config.scheduler();
    Path configFile = config.source();
    AutoservSettings autoserv = config.autoserv();
    HostChecks checks =
        new HostChecks(
            autoserv.minFreeDiskMb() * 1024L * 1024L,
            "",
            Duration.ofSeconds(autoserv.bootWaitSeconds()));
    List<Drone> members = new ArrayList<>();
    List<LocalDrone> toStart = new ArrayList<>();
    for (String name : settings.drones()) {
      Drone member;
      if (name.equals(SchedulerSettings.LOCALHOST)) {
        // A daemon that must start does not hold up the first tick: it starts beside it.
        LocalDrone.Opened opened = localhost.get();
        member = opened.drone();
        if (!opened.answered()) {
          toStart.add(opened.drone());
        }
      } else {
        member = droneFor(name, settings, config, dataDir, configFile, clock);
      }
      drones.watch(member);
      members.add(member);
    }
    DroneFleet fleet = new DroneFleet(members, resultsDir);
    fleet.giveUpAfter(settings.droneLostAfter(), clock);
    HostQueueEntryStore active = new HostQueueEntryStore(database, clock);
    java.util.Set<String> workerNames =
        drones
            .workers()
            .map(
                w -> w.all().stream().map(Drone::name).collect(java.util.stream.Collectors.toSet()))
            .orElse(java.util.Set.of());
    active.active().stream()
        .map(hangar.lab.HostQueueEntry::drone)
        .filter(d -> d != null && !settings.drones().contains(d) && !workerNames.contains(d))
        .distinct()
        .forEach(
            gone -> {
              Drone draining = droneFor(gone, settings, config, dataDir, configFile, clock);
              drones.watch(draining);
              fleet.drain(draining);
            });
    DroneStore records = new DroneStore(database, clock);
    records.recordConfigured(settings.drones());
    fleet.readDisabledFrom(records);
    drones.readDisabledFrom(records);
    drones
        .workers()
        .ifPresent(
            workers -> {
              workers.all().forEach(fleet::add);
              workers.onCreated(fleet::add);
            });
    ResultsTransfer transfer =
        new ResultsTransfer(
            resultsDir,
            settings.maxTransferProcesses(),
            hangar.results.ResultsHosts.resultsHost(config, resultsDir, clock).orElse(null));
    ResultsParsing parsing =
        new ResultsParsing(
            new ResultsDbStore(database, clock), resultsDir, settings.maxParseProcesses());
    metrics.watchResults(parsing, transfer);
    Dispatcher dispatcher =
        new Dispatcher(
            DispatcherDeps.production(
                Dispatcher.defaultName(),
                database,
                fleet,
                transfer,
                parsing,
                Throttles.of(settings),
                checks,
                settings,
                clock,
                metrics));
    dispatcher.start();
    // The localhost daemon runs apart from this process; if it dies, this process starts it again.
    Supervision supervisors = new Supervision();
    for (Drone member : members) {
      if (member instanceof LocalDrone local) {
        if (toStart.contains(local)) {
          supervisors.startThenSupervise(local, dispatcher::wake);
        } else {
          supervisors.supervise(local);
        }
      }
    }
    // The first ticks ran meanwhile; the role is ready once its localhost daemon answers.
    supervisors.awaitStarts();
    LOG.info(
        "scheduler {} running; another takes over its entries within {} if it dies",
        dispatcher.name(),
        dispatcher.deadAfter());
    return new SchedulerRole(dispatcher, fleet, transfer, parsing, supervisors);
  }

  /** The drone of a name: {@code localhost} on this machine, any other over SSH. */
  private static Drone droneFor(
      String name,
      SchedulerSettings settings,
      GlobalConfig config,
      Path dataDir,
      Path configFile,
      Clock clock) {
    return name.equals(SchedulerSettings.LOCALHOST)
        ? LocalDrone.create(dataDir.resolve("drone"), configFile)
        : new RemoteDrone(
            name,
            settings.usernameFor(name).orElse(System.getProperty("user.name")),
            settings.portFor(name),
            settings.droneInstallationDirectory(),
            config.ssh(),
            clock);
  }

  /** The dispatcher, to wake it or tick it by hand. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** The drone special tasks run on: {@code localhost} when listed. */
  public Drone drone() {
    return fleet.primary();
  }

  /** Every drone it drives. */
  public DroneFleet fleet() {
    return fleet;
  }

  /** Stops the dispatcher and the drone's supervision; the drone and its sessions keep running. */
  @Override
  public void close() {
    supervisors.close();
    try {
      dispatcher.close();
      transfer.close();
      parsing.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping scheduler {}", dispatcher.name(), e);
    }
  }
}

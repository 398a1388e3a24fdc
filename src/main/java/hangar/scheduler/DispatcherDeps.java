package hangar.scheduler;

import hangar.drone.Drone;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What a {@link Dispatcher} works with: its name, the stores, the drones and the results steps.
 *
 * @param name unique among the dispatchers sharing the database; see {@link
 *     Dispatcher#defaultName()}
 * @param fleet the drones sessions start on
 * @param transfer copies results of drones that keep their own results folder
 * @param parsing parses ended sessions' results into the results database; null to skip the Parsing
 *     step (tests and benchmarks of the tick alone)
 * @param tickInterval the longest pause between two ticks; a wake-up ends it early; also the
 *     heartbeat interval
 * @param clock the clock heartbeats are judged by (the store's)
 * @param metrics counts and logs the decisions of each tick
 * @param specialTasks runs verify, cleanup and repair on hosts; null to run none: jobs then start
 *     without verify or cleanup whatever they ask, and hosts go back to Ready after each job
 */
public record DispatcherDeps(
    String name,
    HostStore hosts,
    JobStore jobs,
    HostQueueEntryStore entries,
    SchedulerStore schedulers,
    DroneFleet fleet,
    ResultsTransfer transfer,
    ResultsParsing parsing,
    Throttles throttles,
    Duration tickInterval,
    Clock clock,
    SchedulerMetrics metrics,
    SpecialTasks specialTasks) {

  /**
   * The dependencies of a scheduler's dispatcher as {@link SchedulerRole} gives them: every step of
   * the tick (starts, following, parsing, gathering, special tasks) over the fleet; the scheduler
   * benchmark times this same tick.
   *
   * @param throttles the limits on starts; {@link Throttles#of} of {@code settings} in a scheduler
   * @param checks what verify, cleanup and repair check on a host
   */
  public static DispatcherDeps production(
      String name,
      hangar.store.Database database,
      DroneFleet fleet,
      ResultsTransfer transfer,
      ResultsParsing parsing,
      Throttles throttles,
      hangar.autoserv.HostChecks checks,
      hangar.config.SchedulerSettings settings,
      Clock clock,
      SchedulerMetrics metrics) {
    HostStore hosts = new HostStore(database, clock);
    JobStore jobs = new JobStore(database, clock);
    HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
    Drone drone = fleet.primary();
    SpecialTasks specialTasks =
        new SpecialTasks(
            new hangar.store.SpecialTaskStore(database, clock),
            hosts,
            jobs,
            entries,
            drone,
            fleet.resultsDir(drone, ""),
            checks,
            settings.reverifyPeriod(),
            settings.reverifyMaxHostsAtOnce(),
            clock);
    return new DispatcherDeps(
        name,
        hosts,
        jobs,
        entries,
        new SchedulerStore(database, clock),
        fleet,
        transfer,
        parsing,
        throttles,
        settings.tickInterval(),
        clock,
        metrics,
        specialTasks);
  }

  /**
   * The dependencies of a dispatcher over one drone that writes into {@code resultsDir}, without
   * parsing and without special tasks; for tests and benchmarks of the tick alone.
   *
   * @param resultsDir where sessions write {@code <job>-<owner>/<host>/}
   */
  public static DispatcherDeps oneDrone(
      String name,
      HostStore hosts,
      JobStore jobs,
      HostQueueEntryStore entries,
      SchedulerStore schedulers,
      Drone drone,
      Path resultsDir,
      Throttles throttles,
      Duration tickInterval,
      Clock clock,
      SchedulerMetrics metrics) {
    return new DispatcherDeps(
        name,
        hosts,
        jobs,
        entries,
        schedulers,
        DroneFleet.of(drone, resultsDir),
        new ResultsTransfer(resultsDir, 1),
        null,
        throttles,
        tickInterval,
        clock,
        metrics,
        null);
  }

  /** These dependencies with special tasks run on hosts (verify, cleanup, repair). */
  public DispatcherDeps withSpecialTasks(SpecialTasks tasks) {
    return new DispatcherDeps(
        name,
        hosts,
        jobs,
        entries,
        schedulers,
        fleet,
        transfer,
        parsing,
        throttles,
        tickInterval,
        clock,
        metrics,
        tasks);
  }
}

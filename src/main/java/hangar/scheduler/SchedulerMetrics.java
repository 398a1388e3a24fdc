package hangar.scheduler;

import hangar.HangarException;
import hangar.drone.DroneUnreachableException;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.store.HostQueueEntryStore;
import hangar.store.StorageFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's events, counted for {@code /metrics} and logged where the dispatcher does not log
 * them itself. The dispatcher calls it at each decision; {@link #scrape()} writes every meter in
 * the Prometheus text format.
 *
 * <p>Meters (Prometheus names):
 *
 * <ul>
 *   <li>{@code hangar_scheduler_tick_seconds} (histogram): how long each tick of the loop took
 *   <li>{@code hangar_scheduler_phase_seconds{phase}} (summary): how long each part of a tick took
 *       (adopt, timeouts, aborts, poll, follow, special_tasks, groups, start); where a slow tick's
 *       time went
 *   <li>{@code hangar_scheduler_entries{status}} (gauge): unfinished entries by status, counted at
 *       each scrape; {@code status="Queued"} is the queue length
 *   <li>{@code hangar_scheduler_sessions_running} (gauge): sessions running on all drones
 *   <li>{@code hangar_scheduler_starts_total{drone}} (counter): sessions started
 *   <li>{@code hangar_scheduler_finishes_total{status}} (counter): entries ended, by final status
 *   <li>{@code hangar_scheduler_failures_total{kind}} (counter): see {@link FailureKind}
 *   <li>{@code hangar_drone_slots{drone,state}} (gauge): {@code used} and {@code free} slots
 *   <li>{@code hangar_results_parses_running{drone}}, {@code hangar_results_transfers_running}
 *       (gauges): parses and copies of results running, once {@link #watchResults} is called
 *   <li>{@code hangar_drone_up{drone}} (gauge): 1 if the drone answered when last asked
 *   <li>{@code hangar_scheduler_paused} (gauge): 1 while the scheduler pauses because its database
 *       is unavailable ({@link DatabaseOutage})
 * </ul>
 */
public final class SchedulerMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMetrics.class);

  // Bucket bounds of the tick histogram; the targets (p50 100 ms, p99 500 ms) are two.
  private static final Duration[] TICK_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final HostQueueEntryStore entries;
  private final DroneSlots drones;
  private final Timer tick;
  private final Map<String, Timer> phases = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<EntryStatus, Counter> finishes = new EnumMap<>(EntryStatus.class);
  private final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
  private final MultiGauge queue;
  private final MultiGauge slots;
  private final MultiGauge up;
  private final MultiGauge parses;
  private final java.util.concurrent.locks.ReentrantLock scraping =
      new java.util.concurrent.locks.ReentrantLock();
  private volatile ResultsParsing parsing;
  private volatile boolean paused;

  /**
   * Registers the scheduler's meters.
   *
   * @param registry where the meters live; {@link #scrape()} writes it
   * @param entries counts the queue at each scrape
   * @param drones the drones whose slots are shown
   */
  public SchedulerMetrics(
      PrometheusMeterRegistry registry, HostQueueEntryStore entries, DroneSlots drones) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.entries = Objects.requireNonNull(entries, "entries");
    this.drones = Objects.requireNonNull(drones, "drones");
    tick =
        Timer.builder("hangar.scheduler.tick")
            .description("Duration of one scheduler tick")
            .serviceLevelObjectives(TICK_BUCKETS)
            .register(registry);
    for (EntryStatus status : EntryStatus.values()) {
      if (status.isComplete()) {
        finishes.put(
            status,
            Counter.builder("hangar.scheduler.finishes")
                .description("Host queue entries that ended, by final status")
                .tag("status", status.displayName())
                .register(registry));
      }
    }
    for (FailureKind kind : FailureKind.values()) {
      failures.put(
          kind,
          Counter.builder("hangar.scheduler.failures")
              .description("Scheduling failures by kind")
              .tag("kind", kind.label())
              .register(registry));
    }
    Gauge.builder("hangar.scheduler.sessions.running", drones, SchedulerMetrics::runningSessions)
        .description("Sessions running on all drones, as the last tick saw them")
        .register(registry);
    Gauge.builder("hangar.scheduler.paused", this, m -> m.paused ? 1 : 0)
        .description("1 while the scheduler pauses because its database is unavailable")
        .register(registry);
    queue =
        MultiGauge.builder("hangar.scheduler.entries")
            .description("Unfinished host queue entries by status; Queued is the queue length")
            .register(registry);
    slots =
        MultiGauge.builder("hangar.drone.slots")
            .description("Session slots of each drone (max_processes_per_drone), used and free")
            .register(registry);
    up =
        MultiGauge.builder("hangar.drone.up")
            .description("1 if the drone answered when last asked, else 0")
            .register(registry);
    parses =
        MultiGauge.builder("hangar.results.parses.running")
            .description("Status-log parses running on each drone (at most max_parse_processes)")
            .register(registry);
  }

  /**
   * Shows the parses and copies of results the scheduler runs: {@code
   * hangar_results_parses_running{drone}} (at most {@code max_parse_processes} each) and {@code
   * hangar_results_transfers_running} (at most {@code max_transfer_processes}).
   */
  public void watchResults(ResultsParsing parsing, ResultsTransfer transfer) {
    this.parsing = parsing;
    Gauge.builder("hangar.results.transfers.running", transfer, ResultsTransfer::running)
        .description("Results copies running (at most max_transfer_processes)")
        .register(registry);
  }

  /**
   * Counts the queue and writes every meter in the Prometheus text format (version 0.0.4).
   *
   * @return the text of {@code GET /metrics}
   */
  public String scrape() {
    // Concurrent scrapes would re-register the same multi-gauge rows at once, and the registry
    // would refuse the second copy of a row ("Duplicate labels").
    scraping.lock();
    try {
      refreshGauges();
      return registry.scrape();
    } finally {
      scraping.unlock();
    }
  }

  /** Runs one tick and records how long it took, whether it ended normally or not. */
  void timeTick(Runnable tickOnce) {
    tick.record(tickOnce);
  }

  /** Runs one part of a tick and records how long it took under {@code phase}. */
  void timePhase(String phase, Runnable part) {
    phases.computeIfAbsent(phase, this::phaseTimer).record(part);
  }

  /** Runs one part of a tick that answers something and records how long it took. */
  <T> T timePhase(String phase, java.util.function.Supplier<T> part) {
    return phases.computeIfAbsent(phase, this::phaseTimer).record(part);
  }

  /**
   * Where the ticks' time went so far, by phase name ({@code "poll 12 ms, start 80 ms, start.claim
   * 9 ms"}), phases under 1 ms left out; after the first tick, where that tick's time went.
   */
  String phaseTotals() {
    return new java.util.TreeMap<>(phases)
        .entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue().totalTime(TimeUnit.MILLISECONDS)))
            .filter(e -> Math.round(e.getValue()) >= 1)
            .map(e -> e.getKey() + " " + Math.round(e.getValue()) + " ms")
            .collect(java.util.stream.Collectors.joining(", "));
  }

  private Timer phaseTimer(String phase) {
    return Timer.builder("hangar.scheduler.phase")
        .description("Duration of each part of a scheduler tick")
        .tag("phase", phase)
        .register(registry);
  }

  /** The scheduler paused for a database outage, or resumed; {@link DatabaseOutage} logged it. */
  void paused(boolean isPaused) {
    this.paused = isPaused;
  }

  /** A tick threw; the dispatcher logged it. */
  void tickFailed() {
    failures.get(FailureKind.TICK_ERROR).increment();
  }

  /** The drone answered the tick's poll with {@code running} sessions still running. */
  void dronePolled(String drone, int running) {
    drones.answered(drone, running);
  }

  /** The drone did not answer the tick's poll; the dispatcher logged it. */
  void droneUnreachable(String drone) {
    drones.unanswered(drone);
    failures.get(FailureKind.DRONE_UNREACHABLE).increment();
  }

  /**
   * A queued entry stays queued this tick, for {@code why}: logged at debug, with the reason it had
   * before when that changed. Not at info: a lab with a long queue would log every queued entry on
   * every tick; the reason is on the entry for {@code hangar job stat} to show.
   */
  void waiting(HostQueueEntry entry, String why) {
    if (why.equals(entry.reason())) {
      LOG.debug(
          "job={} hqe={} host={} still queued: {}", entry.jobId(), entry.id(), hostOf(entry), why);
    } else {
      LOG.debug(
          "job={} hqe={} host={} still queued: {} (was: {})",
          entry.jobId(),
          entry.id(),
          hostOf(entry),
          why,
          entry.reason() == null || entry.reason().isEmpty() ? "new" : entry.reason());
    }
  }

  /** The drone took the entry's session; the dispatcher logged it. */
  void started(String drone) {
    starts(drone).increment();
  }

  /** The drone would not take the entry's session, which was requeued; the dispatcher logged it. */
  void startRefused(HangarException e) {
    failures
        .get(
            e instanceof DroneUnreachableException
                ? FailureKind.DRONE_UNREACHABLE
                : FailureKind.DRONE_REFUSED)
        .increment();
  }

  /** The entry reached a final status. */
  void finished(HostQueueEntry entry, EntryStatus status) {
    Counter counter = finishes.get(status);
    if (counter == null) {
      throw new IllegalArgumentException(
          "job=" + entry.jobId() + " hqe=" + entry.id() + " finished as " + status + ", not final");
    }
    counter.increment();
  }

  /** The drone no longer knows the session of a Running entry, which is failed and logged. */
  void sessionLost() {
    failures.get(FailureKind.LOST_SESSION).increment();
  }

  /** A Starting entry asked to abort before its session reached the drone ended Aborted. */
  void abortedBeforeStart(HostQueueEntry entry) {
    LOG.info(
        "job={} hqe={} host={} aborted before its session started",
        entry.jobId(),
        entry.id(),
        hostOf(entry));
    finished(entry, EntryStatus.ABORTED);
  }

  private void refreshGauges() {
    try {
      refreshCountedGauges();
    } catch (RuntimeException e) {
      // The other meters, the pause among them, matter most while the database is away.
      if (!StorageFailures.isStorageFailure(e)) {
        throw e;
      }
      LOG.debug("queue and drone gauges left as they were: the database is unavailable", e);
    }
  }

  private void refreshCountedGauges() {
    List<MultiGauge.Row<?>> queueRows = new ArrayList<>();
    entries
        .countUnfinishedByStatus()
        .forEach(
            (status, n) ->
                queueRows.add(MultiGauge.Row.of(Tags.of("status", status.displayName()), n)));
    queue.register(queueRows, true);
    List<MultiGauge.Row<?>> slotRows = new ArrayList<>();
    List<MultiGauge.Row<?>> upRows = new ArrayList<>();
    for (DroneReport d : drones.lastKnown()) {
      starts(d.name()); // at zero from the start, so that rate() sees the first one
      slotRows.add(MultiGauge.Row.of(Tags.of("drone", d.name(), "state", "used"), d.running()));
      slotRows.add(MultiGauge.Row.of(Tags.of("drone", d.name(), "state", "free"), d.free()));
      upRows.add(MultiGauge.Row.of(Tags.of("drone", d.name()), d.online() ? 1 : 0));
    }
    ResultsParsing watched = parsing;
    if (watched != null) {
      parses.register(
          drones.lastKnown().stream()
              .<MultiGauge.Row<?>>map(
                  d -> MultiGauge.Row.of(Tags.of("drone", d.name()), watched.running(d.name())))
              .toList(),
          true);
    }
    slots.register(slotRows, true);
    up.register(upRows, true);
  }

  private Counter starts(String drone) {
    return Counter.builder("hangar.scheduler.starts")
        .description("Sessions started on drones")
        .tag("drone", drone)
        .register(registry);
  }

  private static double runningSessions(DroneSlots drones) {
    return drones.lastKnown().stream().mapToInt(DroneReport::running).sum();
  }

  /** The entry's host, or {@code *label} for a meta-host entry not yet given one. */
  private static String hostOf(HostQueueEntry entry) {
    return entry.hostname() != null ? entry.hostname() : "*" + entry.metaHost();
  }
}

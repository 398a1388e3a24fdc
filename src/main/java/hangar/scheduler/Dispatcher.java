package hangar.scheduler;

import hangar.HangarException;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.drone.Drone;
import hangar.drone.SessionState;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.lab.SchedulerInstance;
import hangar.lab.SpecialTaskType;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's tick. Every change it makes is a guarded update in the store, so a tick that dies
 * half-way leaves every entry in a state the next tick (in this process or after a restart) picks
 * up: Starting entries are started again (drones take a session id once), and Running entries are
 * matched with what the drone reports.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** The session id a drone knows an entry's session by. */
  static final String SESSION_PREFIX = "hqe-";

  /** Heartbeats a dispatcher may miss before the others take it for dead (db-scheduler's 6). */
  public static final int MISSED_HEARTBEATS = 6;

  /** The least time before a silent dispatcher counts as dead, however short the tick. */
  public static final Duration MIN_DEAD_AFTER = Duration.ofSeconds(3);

  private final String name;
  private final HostStore hosts;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final SchedulerStore schedulers;
  private final Drone drone;
  private final Path resultsDir;
  private final Throttles throttles;
  private final Duration tickInterval;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final SpecialTasks specialTasks;
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;
  private Thread heartbeat;

  /**
   * Wires a dispatcher; {@link #start()} begins ticking.
   *
   * @param name unique among the dispatchers sharing the database; see {@link #defaultName()}
   * @param resultsDir where sessions write {@code <job>-<owner>/<host>/}
   * @param tickInterval the longest pause between two ticks; a wake-up ends it early; also the
   *     heartbeat interval
   * @param clock the clock heartbeats are judged by (the store's)
   * @param metrics counts and logs the decisions of each tick
   * @param specialTasks runs verify, cleanup and repair on hosts
   */
  public Dispatcher(
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
      SchedulerMetrics metrics,
      SpecialTasks specialTasks) {
    this.name = name;
    this.hosts = hosts;
    this.jobs = jobs;
    this.entries = entries;
    this.schedulers = schedulers;
    this.drone = drone;
    this.resultsDir = resultsDir;
    this.throttles = throttles;
    this.tickInterval = tickInterval;
    this.clock = clock;
    this.metrics = metrics;
    this.specialTasks = specialTasks;
  }

  /**
   * Wires a dispatcher that runs no special tasks: jobs start without verify or cleanup whatever
   * they ask, and hosts go back to Ready after each job. For tests and benchmarks of the tick
   * alone; the roles use the constructor with {@link SpecialTasks}.
   */
  public Dispatcher(
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
    this(
        name,
        hosts,
        jobs,
        entries,
        schedulers,
        drone,
        resultsDir,
        throttles,
        tickInterval,
        clock,
        metrics,
        null);
  }

  /** {@code <hostname>-<pid>}: unique per running process. */
  public static String defaultName() {
    return Machines.hostname() + "-" + ProcessHandle.current().pid();
  }

  /** This dispatcher's name. */
  public String name() {
    return name;
  }

  /** How long a dispatcher may stay silent before the others adopt its entries. */
  public Duration deadAfter() {
    Duration missed = tickInterval.multipliedBy(MISSED_HEARTBEATS);
    return missed.compareTo(MIN_DEAD_AFTER) < 0 ? MIN_DEAD_AFTER : missed;
  }

  /**
   * Registers this dispatcher and starts its tick loop ({@code hangar-scheduler}) and heartbeat
   * ({@code hangar-scheduler-heartbeat}).
   */
  public void start() {
    schedulers.register(name, Machines.hostname(), ProcessHandle.current().pid());
    running = true;
    heartbeat = Thread.ofPlatform().name("hangar-scheduler-heartbeat").start(this::beat);
    thread = Thread.ofPlatform().name("hangar-scheduler").start(this::loop);
  }

  /** Ends the current pause early: something changed (a job was created, an abort asked). */
  public void wake() {
    wakeups.release();
  }

  /**
   * Runs one tick: aborts of queued entries, then the running sessions, then new starts. Tests call
   * it directly instead of waiting for the loop.
   */
  public void tickOnce() {
    adoptAbandoned();
    enforceTimeouts();
    abortQueued();
    Map<String, SessionState> sessions = pollSessions();
    if (sessions == null) {
      return;
    }
    int running = countRunning(sessions);
    metrics.dronePolled(drone.name(), running);
    followActive(sessions);
    if (specialTasks != null) {
      // Autotest's order: running work, then special tasks, then new jobs.
      running += specialTasks.follow(name, sessions);
      specialTasks.requestReverifies();
      // Special tasks are bounded by the drone; max_running_jobs counts job entries only.
      running += specialTasks.startPending(name, throttles.freeSlots(running, 0));
    }
    startQueued(running);
  }

  /** Stops ticking and resigns: this dispatcher's entries go to the next one that ticks. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    wake();
    if (heartbeat != null) {
      heartbeat.interrupt();
      heartbeat.join(Duration.ofSeconds(30));
    }
    if (thread != null) {
      thread.join(Duration.ofSeconds(30));
      try {
        schedulers.resign(name);
        LOG.info("scheduler {} resigned its entries", name);
      } catch (HangarException | org.jdbi.v3.core.JdbiException e) {
        // At JVM exit the embedded database may already be closed. Nothing is lost: the next
        // scheduler sees this process gone (or its heartbeat stale) and adopts the entries.
        LOG.warn(
            "scheduler {} could not resign; its entries are adopted once it is seen dead", name, e);
      }
    }
  }

  private void beat() {
    while (running) {
      try {
        if (!schedulers.renewHeartbeat(name)) {
          LOG.warn(
              "scheduler {} was taken for dead and its entries adopted; registering again", name);
          schedulers.register(name, Machines.hostname(), ProcessHandle.current().pid());
        }
      } catch (RuntimeException e) { // the heartbeat's loop boundary: try again next beat
        LOG.warn("scheduler {} could not renew its heartbeat; trying again", name, e);
      }
      try {
        Thread.sleep(tickInterval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes the entries of schedulers that resigned or died. */
  private void adoptAbandoned() {
    int orphans = schedulers.adoptOrphans(name);
    if (orphans > 0) {
      LOG.info("scheduler {} adopted {} entries a stopped scheduler left", name, orphans);
    }
    Instant oldest = clock.instant().minus(deadAfter());
    for (SchedulerInstance other : schedulers.list()) {
      if (other.name().equals(name)) {
        continue;
      }
      boolean silent = other.heartbeatOn().isBefore(oldest);
      boolean gone =
          other.hostname().equals(Machines.hostname())
              && ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true);
      if (silent || gone) {
        int adopted = schedulers.adopt(other.name(), name);
        LOG.info(
            "scheduler {} is dead ({}, last heartbeat {}); {} adopted its {} entries",
            other.name(),
            gone ? "its process is gone" : "silent for over " + deadAfter(),
            other.heartbeatOn(),
            name,
            adopted);
      }
    }
  }

  private void loop() {
    LOG.info("scheduler started; tick every {} at most", tickInterval);
    while (running) {
      try {
        metrics.timeTick(this::tickOnce);
      } catch (Throwable e) { // the loop boundary: one bad row must not stop scheduling
        metrics.tickFailed();
        LOG.error("scheduler tick failed; trying again next tick", e);
      }
      try {
        wakeups.tryAcquire(tickInterval.toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.info("scheduler stopped");
  }

  /** Job timeouts and max runtimes become aborts, which the rest of this tick carries out. */
  private void enforceTimeouts() {
    for (long job : jobs.abortTimedOut()) {
      LOG.info("job={} timed out; its unfinished entries are aborted", job);
    }
    for (Map.Entry<HostQueueEntry, Long> overdue : entries.overdue(name)) {
      HostQueueEntry entry = overdue.getKey();
      if (entries.requestAbort(
          entry, "max runtime of " + overdue.getValue() + " min exceeded; session aborted")) {
        LOG.info(
            "job={} hqe={} host={} ran past its max runtime of {} min; aborting it",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            overdue.getValue());
      }
    }
  }

  private void abortQueued() {
    for (HostQueueEntry entry : entries.queuedAborted()) {
      if (entries.finish(entry, EntryStatus.QUEUED, EntryStatus.ABORTED, "aborted by user")) {
        LOG.info("job={} hqe={} aborted while queued", entry.jobId(), entry.id());
        metrics.finished(entry, EntryStatus.ABORTED);
      }
    }
  }

  private Map<String, SessionState> pollSessions() {
    try {
      return drone.sessions().stream()
          .collect(Collectors.toMap(SessionState::sessionId, Function.identity()));
    } catch (HangarException e) {
      LOG.warn("drone {} did not answer; its sessions are checked next tick", drone.name(), e);
      metrics.droneUnreachable(drone.name());
      return null;
    }
  }

  private void followActive(Map<String, SessionState> sessions) {
    for (HostQueueEntry entry : entries.activeFor(name)) {
      SessionState session = sessions.get(sessionId(entry));
      switch (entry.status()) {
        case STARTING -> resumeStarting(entry, session);
        case RUNNING -> followRunning(entry, session);
        case VERIFYING -> {
          // Its verify or cleanup is a special task, followed by SpecialTasks.
        }
        default ->
            LOG.warn(
                "job={} hqe={} is {}, which this scheduler does not drive yet; left alone",
                entry.jobId(),
                entry.id(),
                entry.status());
      }
    }
  }

  /** A Starting entry is one whose start may not have reached the drone (a crash between). */
  private void resumeStarting(HostQueueEntry entry, SessionState session) {
    if (session == null) {
      if (entry.aborted()) {
        if (entries.finish(entry, EntryStatus.STARTING, EntryStatus.ABORTED, "aborted by user")) {
          metrics.abortedBeforeStart(entry);
        }
        return;
      }
      startSession(entry, jobs.get(entry.jobId()).job());
      return;
    }
    entries.transition(entry, EntryStatus.STARTING, EntryStatus.RUNNING);
  }

  private void followRunning(HostQueueEntry entry, SessionState session) {
    if (session == null) {
      if (finish(entry, EntryStatus.FAILED, "drone " + entry.drone() + " lost the session")) {
        metrics.sessionLost();
      }
      return;
    }
    if (session.running()) {
      if (entry.aborted()) {
        LOG.info("job={} hqe={} abort asked; stopping its session", entry.jobId(), entry.id());
        drone.abort(session.sessionId());
      }
      return;
    }
    SessionOutcome outcome = session.outcome();
    EntryStatus status =
        switch (outcome.verdict()) {
          case GOOD, WARN -> EntryStatus.COMPLETED;
          case ABORT -> EntryStatus.ABORTED;
          case FAIL, ERROR -> EntryStatus.FAILED;
        };
    if (finish(entry, status, outcome.reason())) {
      drone.forget(session.sessionId());
    }
  }

  private boolean finish(HostQueueEntry entry, EntryStatus status, String reason) {
    boolean clean =
        specialTasks != null && SpecialTasks.cleansAfter(jobs.get(entry.jobId()).job(), status);
    boolean done =
        clean
            ? entries.finishAndClean(entry, EntryStatus.RUNNING, status, reason, name)
            : entries.finish(entry, EntryStatus.RUNNING, status, reason);
    if (done) {
      metrics.finished(entry, status);
      LOG.info(
          "job={} hqe={} host={} {}{}",
          entry.jobId(),
          entry.id(),
          entry.hostname(),
          status.displayName(),
          reason == null || reason.isEmpty() ? "" : ": " + reason);
    }
    return done;
  }

  private void startQueued(int runningSessions) {
    long inLab = throttles.limitsTheLab() ? entries.countActive() : 0;
    int free = throttles.freeSlots(runningSessions, inLab);
    if (free == 0) {
      return;
    }
    List<HostQueueEntry> queued = entries.queued(throttles.queueScanLimit());
    // Kept current through the tick: a host given out below is Running for the entries after.
    HostChoice choice = HostChoice.of(hosts.pool(), jobs.needs(queued));
    Map<Long, Job> jobCache = new HashMap<>();
    Map<Long, String> waits = new HashMap<>();
    int started = 0;
    for (HostQueueEntry entry : queued) {
      if (started >= free) {
        break;
      }
      Host host = choice.pick(entry);
      if (host == null) {
        String why = choice.whyWaiting(entry);
        metrics.waiting(entry, why);
        if (!why.equals(entry.reason())) {
          waits.put(entry.id(), why);
        }
        continue;
      }
      choice.take(entry, host);
      Job job = jobCache.computeIfAbsent(entry.jobId(), id -> jobs.get(id).job());
      Optional<SpecialTaskType> before =
          specialTasks == null ? Optional.empty() : SpecialTasks.beforeJob(job, host);
      if (before.isPresent()) {
        if (specialTasks.claimForEntry(name, entry, host, before.get())) {
          started++;
        }
        continue;
      }
      if (!entries.claim(entry, host.id(), host.hostname(), drone.name(), name)) {
        LOG.debug("job={} hqe={} lost the claim on host={}", entry.jobId(), entry.id(), host);
        continue;
      }
      HostQueueEntry claimed = withHost(entry, host);
      if (startSession(claimed, job)) {
        started++;
      }
    }
    entries.explainWaits(waits);
  }

  /** Sends the session to the drone and marks the entry Running; requeues it if refused. */
  private boolean startSession(HostQueueEntry entry, Job job) {
    SessionSpec spec =
        new SessionSpec(
            sessionId(entry),
            job.id(),
            job.owner(),
            job.name(),
            job.controlType(),
            job.controlFile(),
            List.of(entry.hostname()),
            resultsDir.resolve(job.resultsTag()).resolve(entry.hostname()));
    try {
      drone.start(spec);
    } catch (HangarException e) {
      LOG.warn(
          "job={} hqe={} drone {} refused the session; requeued",
          job.id(),
          entry.id(),
          drone.name(),
          e);
      metrics.startRefused(e);
      entries.requeue(entry, "drone " + drone.name() + " refused the session: " + e.getMessage());
      return false;
    }
    entries.transition(entry, EntryStatus.STARTING, EntryStatus.RUNNING);
    metrics.started(drone.name());
    LOG.info(
        "job={} hqe={} host={} started on drone {}",
        job.id(),
        entry.id(),
        entry.hostname(),
        drone.name());
    return true;
  }

  private static int countRunning(Map<String, SessionState> sessions) {
    return (int) sessions.values().stream().filter(SessionState::running).count();
  }

  static String sessionId(HostQueueEntry entry) {
    return SESSION_PREFIX + entry.id();
  }

  private static HostQueueEntry withHost(HostQueueEntry e, Host host) {
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        host.id(),
        host.hostname(),
        e.metaHost(),
        EntryStatus.STARTING,
        true,
        false,
        e.aborted(),
        host.hostname(),
        null,
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1);
  }
}

package hangar.scheduler;

import hangar.HangarException;
import hangar.autoserv.HostChecks;
import hangar.autoserv.SessionKind;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.drone.Drone;
import hangar.drone.DroneRequestException;
import hangar.drone.DroneUnreachableException;
import hangar.drone.SessionState;
import hangar.host.Machines;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.lab.JobNeeds;
import hangar.lab.SchedulerInstance;
import hangar.lab.SpecialTaskType;
import hangar.store.GroupStore;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

  /** The session id prefix of a synchronous job's group, shared by the group's entries. */
  static final String GROUP_SESSION_PREFIX = "grp-";

  private static final java.util.regex.Pattern GROUP =
      java.util.regex.Pattern.compile("group(\\d+)");

  /** Heartbeats a dispatcher may miss before the others take it for dead (db-scheduler's 6). */
  public static final int MISSED_HEARTBEATS = 6;

  /** The least time before a silent dispatcher counts as dead, however short the tick. */
  public static final Duration MIN_DEAD_AFTER = Duration.ofSeconds(3);

  private final String name;
  private final HostStore hosts;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final SchedulerStore schedulers;
  private final DroneFleet fleet;
  private final ResultsTransfer transfer;
  private final ResultsParsing parsing;
  private final Path resultsDir;
  private final Throttles throttles;
  private final Duration tickInterval;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final SpecialTasks specialTasks;
  private final Semaphore wakeups = new Semaphore(0);
  // Sessions of entries given up as lost, stopped on their drone when it came back, by drone.
  private final Map<String, Set<String>> stopping = new ConcurrentHashMap<>();
  // The last pool read; its labels and ACL groups are reused while the lab generation stays.
  private HostStore.PoolSnapshot pool;
  // What the jobs of the last queue scan ask; reused for the jobs still queued, see JobStore.needs.
  private Map<Long, JobNeeds> needs = Map.of();
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
    this(
        name,
        hosts,
        jobs,
        entries,
        schedulers,
        DroneFleet.of(drone, resultsDir),
        new ResultsTransfer(resultsDir, 1),
        null,
        resultsDir,
        throttles,
        tickInterval,
        clock,
        metrics,
        specialTasks);
  }

  /**
   * Wires a dispatcher over several drones; see the constructor with one drone.
   *
   * @param fleet the drones sessions start on
   * @param transfer copies results of drones that keep their own results folder
   * @param parsing parses ended sessions' results into the results database; null to skip the
   *     Parsing step (tests and benchmarks of the tick alone)
   */
  public Dispatcher(
      String name,
      HostStore hosts,
      JobStore jobs,
      HostQueueEntryStore entries,
      SchedulerStore schedulers,
      DroneFleet fleet,
      ResultsTransfer transfer,
      ResultsParsing parsing,
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
    this.fleet = fleet;
    this.transfer = transfer;
    this.parsing = parsing;
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
    metrics.timePhase("adopt", this::adoptAbandoned);
    metrics.timePhase("timeouts", this::enforceTimeouts);
    metrics.timePhase("aborts", this::abortQueued);
    DroneFleet.Poll poll = metrics.timePhase("poll", () -> fleet.poll(metrics));
    if (poll.silent().size() == fleet.all().size()) {
      return;
    }
    Map<String, SessionState> sessions = poll.sessions();
    for (String back : fleet.takeReturned()) {
      reconcile(back, poll.byDrone().getOrDefault(back, List.of()));
    }
    forgetStopped(poll);
    metrics.timePhase("follow", () -> followActive(sessions, poll.silent()));
    String primary = fleet.primary().name();
    if (specialTasks != null && !poll.silent().contains(primary)) {
      // Autotest's order: running work, then special tasks, then new jobs.
      int onPrimary = poll.running().getOrDefault(primary, 0);
      int tasks =
          metrics.timePhase(
              "special_tasks",
              () -> {
                int busy = specialTasks.follow(name, sessions);
                specialTasks.requestReverifies();
                // Special tasks are bounded by the drone; max_running_jobs counts job entries only.
                return busy
                    + specialTasks.startPending(name, throttles.freeSlots(onPrimary + busy, 0));
              });
      poll.running().merge(primary, tasks, Integer::sum);
    }
    metrics.timePhase("groups", () -> formGroups(poll));
    metrics.timePhase("start", () -> startQueued(poll));
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

  /**
   * Carries each active entry one step with what the drone reported: Starting entries the drone has
   * become Running (or are started again when it has not), ended sessions finish their entries. The
   * changes go to the database and the drone in batches.
   */
  private void followActive(Map<String, SessionState> sessions, Set<String> silent) {
    List<HostQueueEntry> reached = new ArrayList<>();
    List<HostQueueEntry> startAgain = new ArrayList<>();
    List<HostQueueEntry> ended = new ArrayList<>();
    List<HostQueueEntry> parse = new ArrayList<>();
    List<HostQueueEntry> parsed = new ArrayList<>();
    List<HostQueueEntry> gathering = new ArrayList<>();
    List<HostQueueEntry> lost = new ArrayList<>();
    for (HostQueueEntry entry : entries.activeFor(name)) {
      if (entry.drone() != null && silent.contains(entry.drone())) {
        // Its drone did not answer: nothing is known of its session this tick; once the drone
        // stayed silent past drone_lost_after_secs, the session is given up.
        if (fleet.isLost(entry.drone()) && onDrone(entry.status())) {
          lost.add(entry);
        }
        continue;
      }
      SessionState session = sessions.get(sessionId(entry));
      switch (entry.status()) {
        case STARTING -> {
          if (session != null) {
            reached.add(entry);
          } else if (entry.aborted()) {
            if (entries.finish(
                entry, EntryStatus.STARTING, EntryStatus.ABORTED, "aborted by user")) {
              metrics.abortedBeforeStart(entry);
            }
          } else {
            // Its start may not have reached the drone (a crash or a drone that did not answer).
            startAgain.add(entry);
          }
        }
        case RUNNING -> {
          if (session != null && !session.running() && droneOf(entry) != null) {
            parse.add(entry);
          } else if (session == null || !session.running()) {
            ended.add(entry);
          } else if (entry.aborted()) {
            LOG.info("job={} hqe={} abort asked; stopping its session", entry.jobId(), entry.id());
            droneOf(entry).abort(session.sessionId());
          }
        }
        case PARSING -> {
          if (session == null || droneOf(entry) == null) {
            ended.add(entry);
          } else {
            parsed.add(entry);
          }
        }
        case GATHERING -> {
          if (session == null || droneOf(entry) == null) {
            ended.add(entry);
          } else {
            gathering.add(entry);
          }
        }
        case VERIFYING -> {
          // Its verify or cleanup is a special task, followed by SpecialTasks.
        }
        case PENDING -> {
          // Waits for the rest of its group; see formGroups.
        }
        default ->
            LOG.warn(
                "job={} hqe={} is {}, which this scheduler does not drive yet; left alone",
                entry.jobId(),
                entry.id(),
                entry.status());
      }
    }
    entries.transitionAll(reached, EntryStatus.STARTING, EntryStatus.RUNNING);
    startSessions(startAgain, jobs.jobs(jobIds(startAgain)));
    List<HostQueueEntry> gather = new ArrayList<>();
    for (HostQueueEntry entry : parseStep(parse, parsed)) {
      (needsGathering(entry) ? gather : ended).add(entry);
    }
    Set<Long> moved = new HashSet<>();
    for (EntryStatus from : List.of(EntryStatus.RUNNING, EntryStatus.PARSING)) {
      List<HostQueueEntry> some = gather.stream().filter(e -> e.status() == from).toList();
      if (!some.isEmpty()) {
        moved.addAll(entries.transitionAll(some, from, EntryStatus.GATHERING));
      }
    }
    for (HostQueueEntry entry : gather) {
      if (moved.contains(entry.id())) {
        LOG.info(
            "job={} hqe={} host={} gathering: copying its results from drone {}",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            entry.drone());
        gathering.add(asStatus(entry, EntryStatus.GATHERING));
      }
    }
    if (!gathering.isEmpty()) {
      Map<Long, Job> jobsById = jobs.jobs(jobIds(gathering));
      for (HostQueueEntry entry : gathering) {
        String relative = relativeResults(jobsById.get(entry.jobId()), entry);
        ResultsTransfer.State state = transfer.poll(droneOf(entry), relative);
        if (state == ResultsTransfer.State.VERIFIED) {
          ended.add(entry);
        }
      }
    }
    finishEnded(ended, sessions);
    giveUp(lost);
  }

  /**
   * Moves entries whose session ended to Parsing, and returns those (of these and the ones already
   * Parsing) whose results are in the results database. Without a parser, every ended entry goes on
   * at once, still Running.
   */
  private List<HostQueueEntry> parseStep(List<HostQueueEntry> ended, List<HostQueueEntry> parsing) {
    if (this.parsing == null) {
      return ended;
    }
    Set<Long> moved = entries.transitionAll(ended, EntryStatus.RUNNING, EntryStatus.PARSING);
    List<HostQueueEntry> all = new ArrayList<>(parsing);
    for (HostQueueEntry entry : ended) {
      if (moved.contains(entry.id())) {
        LOG.info(
            "job={} hqe={} host={} parsing: its status log, on drone {}",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            entry.drone());
        all.add(asStatus(entry, EntryStatus.PARSING));
      }
    }
    List<HostQueueEntry> done = new ArrayList<>();
    if (all.isEmpty()) {
      return done;
    }
    Map<Long, Job> jobsById = jobs.jobs(jobIds(all));
    for (HostQueueEntry entry : all) {
      String relative = relativeResults(jobsById.get(entry.jobId()), entry);
      if (this.parsing.poll(droneOf(entry), relative, entry.jobId()) == ResultsParsing.State.DONE) {
        done.add(entry);
      }
    }
    return done;
  }

  /** True for the statuses whose entry has (or is getting) a session on its drone. */
  private static boolean onDrone(EntryStatus status) {
    return status == EntryStatus.STARTING
        || status == EntryStatus.RUNNING
        || status == EntryStatus.PARSING
        || status == EntryStatus.GATHERING;
  }

  /**
   * Fails the entries of a drone given up as lost, with the reason, and sends their hosts to
   * verify. Their sessions are never started elsewhere: if the drone comes back, they are stopped
   * and forgotten there ({@link #reconcile}).
   */
  private void giveUp(List<HostQueueEntry> lost) {
    if (lost.isEmpty()) {
      return;
    }
    List<HostQueueEntryStore.Finish> finishes = new ArrayList<>();
    for (HostQueueEntry entry : lost) {
      String reason =
          "drone "
              + entry.drone()
              + " lost: no answer for "
              + fleet.silentFor(entry.drone()).toSeconds()
              + " s (drone_lost_after_secs)";
      finishes.add(
          new HostQueueEntryStore.Finish(
              entry, entry.status(), EntryStatus.FAILED, reason, false, specialTasks != null));
    }
    Set<Long> done = entries.finishAll(finishes, name);
    for (HostQueueEntryStore.Finish f : finishes) {
      if (done.contains(f.entry().id())) {
        metrics.finished(f.entry(), EntryStatus.FAILED);
        metrics.sessionLost();
        LOG.warn(
            "job={} hqe={} host={} Failed: {}",
            f.entry().jobId(),
            f.entry().id(),
            f.entry().hostname(),
            f.reason());
      }
    }
  }

  /**
   * A drone given up as lost answers again: the job sessions it still has whose entries are no
   * longer active (they were failed as lost) are stopped, and forgotten once ended. Sessions of
   * active entries, and special tasks, are left to the usual following.
   */
  private void reconcile(String droneName, List<SessionState> held) {
    Drone drone = fleet.get(droneName);
    if (drone == null || held.isEmpty()) {
      return;
    }
    Set<String> active = new HashSet<>();
    for (HostQueueEntry entry : entries.active()) {
      active.add(sessionId(entry));
    }
    List<String> forget = new ArrayList<>();
    for (SessionState session : held) {
      String id = session.sessionId();
      boolean jobSession = id.startsWith(SESSION_PREFIX) || id.startsWith(GROUP_SESSION_PREFIX);
      if (!jobSession || active.contains(id)) {
        continue;
      }
      if (session.running()) {
        LOG.info("drone {} still runs {}, given up as lost; stopping it", droneName, id);
        drone.abort(id);
        stopping.computeIfAbsent(droneName, d -> ConcurrentHashMap.newKeySet()).add(id);
      } else {
        forget.add(id);
      }
    }
    if (!forget.isEmpty()) {
      LOG.info(
          "drone {} forgets {} sessions given up as lost: {}", droneName, forget.size(), forget);
      drone.forgetAll(forget);
    }
  }

  /** Forgets the sessions {@link #reconcile} stopped, once their drone reports them ended. */
  private void forgetStopped(DroneFleet.Poll poll) {
    stopping.forEach(
        (droneName, ids) -> {
          List<String> ended =
              poll.byDrone().getOrDefault(droneName, List.of()).stream()
                  .filter(s -> ids.contains(s.sessionId()) && !s.running())
                  .map(SessionState::sessionId)
                  .toList();
          Drone drone = fleet.get(droneName);
          if (!ended.isEmpty() && drone != null) {
            drone.forgetAll(ended);
            ended.forEach(ids::remove);
          }
        });
  }

  /** The drone an entry's session runs on, or null for one no longer in this scheduler's drones. */
  private Drone droneOf(HostQueueEntry entry) {
    return fleet.get(entry.drone());
  }

  /**
   * True when the entry's results must be copied before it finishes: from its drone's own folder,
   * or on to a results host on another machine.
   */
  private boolean needsGathering(HostQueueEntry entry) {
    return keepsOwnResults(entry) || (droneOf(entry) != null && transfer.toResultsHost());
  }

  /** True when the entry's drone writes results into a folder of its own, copied back after. */
  private boolean keepsOwnResults(HostQueueEntry entry) {
    Drone drone = droneOf(entry);
    return drone != null && drone.resultsRoot().isPresent();
  }

  /** An entry's results folder relative to the results root: {@code <job tag>/<host or group>}. */
  private static String relativeResults(Job job, HostQueueEntry entry) {
    return job.resultsTag() + "/" + subdirOf(entry);
  }

  /** Finishes Running entries whose session ended or is lost, then lets the drone forget them. */
  private void finishEnded(List<HostQueueEntry> ended, Map<String, SessionState> sessions) {
    if (ended.isEmpty()) {
      return;
    }
    Map<Long, Job> jobsById = jobs.jobs(jobIds(ended));
    List<HostQueueEntryStore.Finish> finishes = new ArrayList<>();
    for (HostQueueEntry entry : ended) {
      SessionState session = sessions.get(sessionId(entry));
      EntryStatus status;
      String reason;
      boolean hostFailed = false;
      if (session == null) {
        status = EntryStatus.FAILED;
        reason = "drone " + entry.drone() + " lost the session";
      } else {
        SessionOutcome outcome = session.outcome();
        hostFailed = outcome.hostFailed();
        status =
            switch (outcome.verdict()) {
              case GOOD, WARN -> EntryStatus.COMPLETED;
              case ABORT -> EntryStatus.ABORTED;
              case FAIL, ERROR -> EntryStatus.FAILED;
            };
        reason = outcome.reason();
      }
      boolean clean =
          specialTasks != null && SpecialTasks.cleansAfter(jobsById.get(entry.jobId()), status);
      // A host that broke off mid-job is verified (and repaired if that fails) before its next job.
      boolean verify = specialTasks != null && hostFailed && status == EntryStatus.FAILED;
      finishes.add(
          new HostQueueEntryStore.Finish(
              entry, entry.status(), status, reason, clean && !verify, verify));
    }
    Set<Long> done = entries.finishAll(finishes, name);
    Map<String, Set<String>> forget = new LinkedHashMap<>();
    for (HostQueueEntryStore.Finish f : finishes) {
      HostQueueEntry entry = f.entry();
      if (!done.contains(entry.id())) {
        continue;
      }
      metrics.finished(entry, f.to());
      if (sessions.containsKey(sessionId(entry))) {
        forget
            .computeIfAbsent(entry.drone(), d -> new java.util.LinkedHashSet<>())
            .add(sessionId(entry));
        if (parsing != null && f.from() != EntryStatus.RUNNING) {
          parsing.done(droneOf(entry), relativeResults(jobsById.get(entry.jobId()), entry));
        }
        if (f.from() == EntryStatus.GATHERING) {
          transfer.done(droneOf(entry), relativeResults(jobsById.get(entry.jobId()), entry));
          if (keepsOwnResults(entry)) {
            purge(entry, jobsById.get(entry.jobId()));
          }
        }
      } else {
        metrics.sessionLost();
      }
      LOG.info(
          "job={} hqe={} host={} {}{}",
          entry.jobId(),
          entry.id(),
          entry.hostname(),
          f.to().displayName(),
          f.reason() == null || f.reason().isEmpty() ? "" : ": " + f.reason());
    }
    forget.forEach(
        (droneName, ids) -> {
          Drone drone = fleet.get(droneName);
          if (drone == null) {
            return;
          }
          try {
            drone
                .forgetAll(List.copyOf(ids))
                .forEach(
                    (id, refusal) ->
                        LOG.warn(
                            "drone {} kept session {}: {}", droneName, id, refusal.getMessage()));
          } catch (HangarException e) {
            LOG.warn("drone {} did not forget {} sessions; asked again later", droneName, ids, e);
          }
        });
  }

  /** Deletes a copied results folder from its drone, once its entry finished. */
  private void purge(HostQueueEntry entry, Job job) {
    Drone drone = droneOf(entry);
    String relative = relativeResults(job, entry);
    try {
      drone.purge(relative);
    } catch (HangarException e) {
      LOG.warn(
          "drone {} kept {} after its verified copy; delete it there by hand",
          drone.name(),
          relative,
          e);
    }
  }

  private void startQueued(DroneFleet.Poll poll) {
    long inLab = throttles.limitsTheLab() ? entries.countActive() : 0;
    int room = fleet.freeSlots(poll, throttles.maxProcessesPerDrone());
    int free = throttles.freeSlots(throttles.maxProcessesPerDrone() - room, inLab);
    if (free == 0) {
      return;
    }
    List<HostQueueEntry> queued =
        metrics.timePhase("start.queue", () -> entries.queued(throttles.queueScanLimit()));
    // Kept current through the tick: a host given out below is Running for the entries after.
    long generation = pool == null ? -1 : pool.generation();
    HostPool lab = metrics.timePhase("start.pool", () -> (pool = hosts.pool(pool)).pool());
    if (pool.generation() != generation) {
      needs = Map.of(); // ACL groups may have changed
    }
    needs = metrics.timePhase("start.needs", () -> jobs.needs(queued, needs));
    HostChoice choice = HostChoice.of(lab, needs);
    Map<Long, String> waits = new HashMap<>();
    Map<HostQueueEntry, Host> picked = new LinkedHashMap<>();
    // Entries that start a session use the drone's room; those of synchronous jobs only take a
    // host to wait Pending on, bounded by the starts allowed per tick.
    int sessions = 0;
    int holds = 0;
    for (HostQueueEntry entry : queued) {
      if (sessions >= free && holds >= throttles.maxJobsStartedPerCycle()) {
        break;
      }
      boolean synchronous = needs.get(entry.jobId()).synchronous();
      if (synchronous ? holds >= throttles.maxJobsStartedPerCycle() : sessions >= free) {
        continue;
      }
      if (entry.picksAtomicGroup()) {
        holds += expandAtomicGroup(entry, choice, picked, waits);
        continue;
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
      picked.put(entry, host);
      if (synchronous) {
        holds++;
      } else {
        sessions++;
      }
    }
    entries.explainWaits(waits);
    if (picked.isEmpty()) {
      return;
    }
    Map<Long, Job> jobsById = jobs.jobs(jobIds(picked.keySet()));
    Map<String, List<HostQueueEntryStore.Claim>> claimsByDrone = new LinkedHashMap<>();
    java.util.Iterator<String> drones =
        fleet.assign(sessions, poll, throttles.maxProcessesPerDrone()).iterator();
    picked.forEach(
        (entry, host) -> {
          Job job = jobsById.get(entry.jobId());
          boolean synchronous = needs.get(entry.jobId()).synchronous();
          // A synchronous entry only holds its host; its group gets a drone when it starts.
          if (!synchronous && !drones.hasNext()) {
            return; // the drones filled up meanwhile; it stays queued
          }
          String drone = synchronous ? fleet.primary().name() : drones.next();
          Optional<SpecialTaskType> before =
              specialTasks == null ? Optional.empty() : SpecialTasks.beforeJob(job, host);
          if (before.isPresent()) {
            specialTasks.claimForEntry(name, entry, host, before.get(), drone);
          } else {
            claimsByDrone
                .computeIfAbsent(drone, d -> new ArrayList<>())
                .add(new HostQueueEntryStore.Claim(entry, host.id(), host.hostname(), synchronous));
          }
        });
    List<HostQueueEntryStore.Claim> claims =
        claimsByDrone.values().stream().flatMap(List::stream).toList();
    List<HostQueueEntry> claimed = new ArrayList<>();
    metrics.timePhase(
        "start.claim",
        () ->
            claimsByDrone.forEach(
                (drone, some) -> claimed.addAll(entries.claimAll(some, drone, name))));
    if (claimed.size() < claims.size()) {
      LOG.debug(
          "{} of {} claims were lost to other schedulers", claims.size() - claimed.size(), claims);
    }
    List<HostQueueEntry> starting =
        claimed.stream().filter(e -> e.status() == EntryStatus.STARTING).toList();
    claimed.stream()
        .filter(e -> e.status() == EntryStatus.PENDING)
        .forEach(
            e ->
                LOG.info(
                    "job={} hqe={} host={} pending: waits for the rest of its group",
                    e.jobId(),
                    e.id(),
                    e.hostname()));
    metrics.timePhase("start.sessions", () -> startSessions(starting, jobsById));
  }

  /**
   * Finds a group of hosts for an atomic group entry and expands it into one entry per host, each
   * then claimed Pending with the others of this tick; or records why it waits.
   *
   * @return how many entries now hold a host choice
   */
  private int expandAtomicGroup(
      HostQueueEntry entry,
      HostChoice choice,
      Map<HostQueueEntry, Host> picked,
      Map<Long, String> waits) {
    List<Host> group = choice.pickGroup(entry);
    if (group.isEmpty()) {
      String why = choice.whyWaiting(entry);
      metrics.waiting(entry, why);
      if (!why.equals(entry.reason())) {
        waits.put(entry.id(), why);
      }
      return 0;
    }
    List<HostQueueEntry> expanded =
        entries.atomicGroups().expand(entry, group.stream().map(Host::id).toList());
    for (int i = 0; i < expanded.size(); i++) {
      choice.take(expanded.get(i), group.get(i));
      picked.put(expanded.get(i), group.get(i));
    }
    if (!expanded.isEmpty()) {
      LOG.info(
          "job={} hqe={} atomic group {} gets {} hosts: {}",
          entry.jobId(),
          entry.id(),
          entry.atomicGroup(),
          group.size(),
          group.stream().map(Host::hostname).toList());
    }
    return expanded.size();
  }

  /**
   * Sends the Starting entries' sessions to the drone in one request and marks those it took
   * Running. An entry whose session the drone refused goes back to the queue; when the drone does
   * not answer, the entries stay Starting and are started again next tick (the drone takes a
   * session id once).
   */
  private void startSessions(List<HostQueueEntry> starting, Map<Long, Job> jobsById) {
    if (starting.isEmpty()) {
      return;
    }
    // An entry of a group shares its session with the others: one spec over all their hosts.
    Map<String, List<HostQueueEntry>> bySession = new LinkedHashMap<>();
    Map<String, List<SessionSpec>> byDrone = new LinkedHashMap<>();
    Map<Long, String> targets = sshTargets();
    Map<Long, String> consoles = consoleCommands();
    for (HostQueueEntry entry : starting) {
      bySession.computeIfAbsent(sessionId(entry), k -> new ArrayList<>()).add(entry);
    }
    bySession.forEach(
        (session, members) -> {
          HostQueueEntry first = members.get(0);
          Job job = jobsById.get(first.jobId());
          List<String> hostnames =
              members.stream()
                  .sorted(java.util.Comparator.comparing(HostQueueEntry::hostname))
                  .map(e -> targets.getOrDefault(e.hostId(), e.hostname()))
                  .toList();
          Map<String, String> sessionConsoles = new HashMap<>();
          for (HostQueueEntry member : members) {
            String console = consoles.get(member.hostId());
            if (console != null) {
              sessionConsoles.put(
                  targets.getOrDefault(member.hostId(), member.hostname()), console);
            }
          }
          Drone drone = droneOf(first);
          if (drone == null) {
            LOG.warn(
                "job={} hqe={} is meant for drone {}, which is not in drones; requeued",
                first.jobId(),
                first.id(),
                first.drone());
            members.forEach(
                e -> entries.requeue(e, "drone " + first.drone() + " is no longer in drones"));
            return;
          }
          byDrone
              .computeIfAbsent(drone.name(), d -> new ArrayList<>())
              .add(
                  new SessionSpec(
                      session,
                      job.id(),
                      job.owner(),
                      job.name(),
                      job.controlType(),
                      job.controlFile(),
                      hostnames,
                      fleet.resultsDir(drone, relativeResults(job, first)),
                      SessionKind.JOB,
                      HostChecks.DEFAULT,
                      sessionConsoles));
        });
    Map<String, DroneRequestException> refused = new HashMap<>();
    Set<String> unsent = new HashSet<>();
    byDrone.forEach(
        (droneName, specs) -> {
          Drone drone = fleet.get(droneName);
          try {
            refused.putAll(metrics.timePhase("drone.start", () -> drone.startAll(specs)));
          } catch (DroneUnreachableException e) {
            LOG.warn(
                "drone {} did not take {} sessions; they stay Starting and are sent again next"
                    + " tick",
                droneName,
                specs.size(),
                e);
            metrics.startRefused(e);
            specs.forEach(spec -> unsent.add(spec.sessionId()));
          }
        });
    List<HostQueueEntry> taken = new ArrayList<>(starting.size());
    for (HostQueueEntry entry : starting) {
      if (unsent.contains(sessionId(entry)) || droneOf(entry) == null) {
        continue;
      }
      DroneRequestException refusal = refused.get(sessionId(entry));
      if (refusal == null) {
        taken.add(entry);
        continue;
      }
      LOG.warn(
          "job={} hqe={} drone {} refused the session; requeued",
          entry.jobId(),
          entry.id(),
          entry.drone(),
          refusal);
      metrics.startRefused(refusal);
      entries.requeue(
          entry, "drone " + entry.drone() + " refused the session: " + refusal.getMessage());
    }
    Set<Long> running =
        metrics.timePhase(
            "start.running",
            () -> entries.transitionAll(taken, EntryStatus.STARTING, EntryStatus.RUNNING));
    for (HostQueueEntry entry : taken) {
      if (!running.contains(entry.id())) {
        continue; // aborted or adopted meanwhile; the next tick follows it as it is
      }
      metrics.started(entry.drone());
      LOG.info(
          "job={} hqe={} host={} started on drone {}",
          entry.jobId(),
          entry.id(),
          entry.hostname(),
          entry.drone());
    }
  }

  /**
   * How sessions reach the hosts ({@code [user@]host[:port]}) by host id, from the pool this
   * scheduler read last, for the hosts whose target is more than their name.
   */
  private Map<Long, String> sshTargets() {
    Map<Long, String> targets = new HashMap<>();
    if (pool != null) {
      for (HostAccess access : pool.pool().hosts()) {
        Host host = access.host();
        if (host.sshUser() != null || host.sshPort() != null) {
          targets.put(host.id(), host.sshTarget());
        }
      }
    }
    return targets;
  }

  /** The console command of every host that has one, by host id. */
  private Map<Long, String> consoleCommands() {
    Map<Long, String> consoles = new HashMap<>();
    if (pool != null) {
      for (HostAccess access : pool.pool().hosts()) {
        String console = access.host().commands().console();
        if (!console.isEmpty()) {
          consoles.put(access.host().id(), console);
        }
      }
    }
    return consoles;
  }

  private static List<Long> jobIds(Collection<HostQueueEntry> list) {
    return list.stream().map(HostQueueEntry::jobId).distinct().toList();
  }

  /**
   * The session an entry runs in: its own ({@code hqe-<id>}), or its group's, which all the group's
   * entries share ({@code grp-<job>-<group>}).
   */
  static String sessionId(HostQueueEntry entry) {
    String subdir = entry.executionSubdir();
    if (subdir != null && GROUP.matcher(subdir).matches()) {
      return GROUP_SESSION_PREFIX + entry.jobId() + "-" + subdir;
    }
    return SESSION_PREFIX + entry.id();
  }

  /** The entry's folder under its job's results: its group's, or its host's. */
  private static String subdirOf(HostQueueEntry entry) {
    return entry.executionSubdir() != null ? entry.executionSubdir() : entry.hostname();
  }

  /**
   * Starts the groups of synchronous jobs whose Pending entries are enough, at most {@code room}
   * (each is one session on the drone; the rest start on a later tick), and gives up on those that
   * can no longer gather enough or waited longer than {@code secs_to_wait_for_atomic_group_hosts}.
   * The rest say why they wait.
   *
   * @return how many group sessions were sent to the drone
   */
  private int formGroups(DroneFleet.Poll poll) {
    int room =
        throttles.freeSlots(
            throttles.maxProcessesPerDrone()
                - fleet.freeSlots(poll, throttles.maxProcessesPerDrone()),
            0);
    GroupStore groups = entries.groups();
    for (HostQueueEntry entry : groups.abortPending()) {
      metrics.finished(entry, EntryStatus.ABORTED);
      LOG.info("job={} hqe={} aborted while pending", entry.jobId(), entry.id());
    }
    Instant now = clock.instant();
    List<HostQueueEntry> starting = new ArrayList<>();
    Map<Long, String> waits = new HashMap<>();
    int groupsStarted = 0;
    for (GroupStore.PendingJob job : groups.pendingJobs()) {
      if (job.atomic()) {
        groupsStarted +=
            startAtomicGroup(job, poll, now, groupsStarted < room, starting, waits) ? 1 : 0;
        continue;
      }
      int size = job.synchCount();
      List<HostQueueEntry> pending = job.pending();
      int next = nextGroup(job.groups());
      int used = 0;
      while (pending.size() - used >= size && groupsStarted < room) {
        List<String> drone = fleet.assign(1, poll, throttles.maxProcessesPerDrone());
        if (drone.isEmpty()) {
          break;
        }
        List<HostQueueEntry> members = pending.subList(used, used + size);
        String subdir = "group" + next++;
        used += size;
        if (groups.startGroup(members, subdir, drone.get(0), name)) {
          groupsStarted++;
          LOG.info(
              "job={} group {} of {} hosts starts: {}",
              job.jobId(),
              subdir,
              size,
              members.stream().map(HostQueueEntry::hostname).toList());
          members.forEach(e -> starting.add(asStarting(e, subdir, drone.get(0))));
        }
      }
      List<HostQueueEntry> left = pending.subList(used, pending.size());
      if (left.isEmpty()) {
        continue;
      }
      if (left.size() >= size) {
        // A whole group is ready; the drone has no room for its session this tick.
        String full = "waiting for a free drone slot to start a group of " + size;
        left.stream().filter(e -> !full.equals(e.reason())).forEach(e -> waits.put(e.id(), full));
        continue;
      }
      int possible = job.stillPossible() - used;
      Duration waited = Duration.between(job.waitingSince(), now);
      String reason = null;
      if (possible < size) {
        reason =
            "job needs "
                + size
                + " hosts together; only "
                + possible
                + (possible == 1 ? " of its entries is" : " of its entries are")
                + " left to get one";
      } else if (waited.compareTo(throttles.groupWait()) >= 0) {
        reason =
            "waited "
                + waited.toSeconds()
                + " s (secs_to_wait_for_atomic_group_hosts) for "
                + size
                + " hosts ready together; only "
                + left.size()
                + " were: "
                + left.stream().map(HostQueueEntry::hostname).toList();
      }
      if (reason != null) {
        int stopped = groups.stop(job.jobId(), reason);
        LOG.info("job={} stopped ({} entries): {}", job.jobId(), stopped, reason);
        continue;
      }
      int missing = size - left.size();
      String why =
          "waiting for "
              + missing
              + (missing == 1 ? " more host" : " more hosts")
              + " to start a group of "
              + size
              + " ("
              + left.size()
              + " ready: "
              + String.join(", ", left.stream().map(HostQueueEntry::hostname).toList())
              + ")";
      left.stream().filter(e -> !why.equals(e.reason())).forEach(e -> waits.put(e.id(), why));
    }
    groups.explainWaits(waits);
    startSessions(starting, jobs.jobs(jobIds(starting)));
    return groupsStarted;
  }

  /**
   * Starts, keeps waiting or stops an atomic group job, as {@link AtomicGroupWait} decides; once
   * its group started, its entries that did not join it are stopped.
   *
   * @param room whether the drones may take one more session this tick
   * @return true when its group was sent to start
   */
  private boolean startAtomicGroup(
      GroupStore.PendingJob job,
      DroneFleet.Poll poll,
      Instant now,
      boolean room,
      List<HostQueueEntry> starting,
      Map<Long, String> waits) {
    GroupStore groups = entries.groups();
    AtomicGroupWait.Step step = AtomicGroupWait.decide(job, now, throttles.groupWait());
    String why;
    switch (step) {
      case AtomicGroupWait.Stop stop -> {
        int stopped = groups.stop(job.jobId(), stop.reason());
        LOG.info("job={} stopped ({} entries): {}", job.jobId(), stopped, stop.reason());
        return false;
      }
      case AtomicGroupWait.Wait wait -> why = wait.reason();
      case AtomicGroupWait.Start start -> {
        List<String> drone =
            room ? fleet.assign(1, poll, throttles.maxProcessesPerDrone()) : List.of();
        if (!drone.isEmpty() && startGroupOf(job, start.members(), drone.get(0), starting)) {
          return true;
        }
        why =
            "waiting for a free drone slot to start the atomic group of " + start.members().size();
      }
    }
    for (HostQueueEntry e : job.pending()) {
      if (!why.equals(e.reason())) {
        waits.put(e.id(), why);
      }
    }
    return false;
  }

  private boolean startGroupOf(
      GroupStore.PendingJob job,
      List<HostQueueEntry> members,
      String drone,
      List<HostQueueEntry> starting) {
    String subdir = "group" + nextGroup(job.groups());
    if (!entries.groups().startGroup(members, subdir, drone, name)) {
      return false;
    }
    List<String> names = members.stream().map(HostQueueEntry::hostname).toList();
    LOG.info(
        "job={} atomic group {} of {} hosts starts: {}", job.jobId(), subdir, names.size(), names);
    members.forEach(e -> starting.add(asStarting(e, subdir, drone)));
    if (job.stillPossible() > members.size()) {
      int stopped =
          entries
              .groups()
              .stop(
                  job.jobId(),
                  "not needed: the atomic group job started without this host, on "
                      + String.join(", ", names));
      LOG.info("job={} {} entries left out of its atomic group stopped", job.jobId(), stopped);
    }
    return true;
  }

  private static int nextGroup(Set<String> groups) {
    int next = 0;
    for (String group : groups) {
      java.util.regex.Matcher m = GROUP.matcher(group);
      if (m.matches()) {
        next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
      }
    }
    return next;
  }

  /** The entry as the database holds it after a transition to {@code status}. */
  private static HostQueueEntry asStatus(HostQueueEntry e, EntryStatus status) {
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        e.hostId(),
        e.hostname(),
        e.metaHost(),
        status,
        e.active(),
        e.complete(),
        e.aborted(),
        e.executionSubdir(),
        e.drone(),
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1);
  }

  private static HostQueueEntry asStarting(HostQueueEntry e, String subdir, String drone) {
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        e.hostId(),
        e.hostname(),
        e.metaHost(),
        EntryStatus.STARTING,
        true,
        false,
        e.aborted(),
        subdir,
        drone,
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1,
        e.atomicGroup());
  }
}

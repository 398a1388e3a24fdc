package hangar.scheduler;

import hangar.drone.SessionState;
import hangar.host.Machines;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's tick: the order of its phases, each carried out by a class of its own. Every
 * change a phase makes is a guarded update in the store, so a tick that dies half-way leaves every
 * entry in a state the next tick (in this process or after a restart) picks up: Starting entries
 * are started again (drones take a session id once), and Running entries are matched with what the
 * drone reports.
 */
public final class Dispatcher implements AutoCloseable {
  /** How long {@link #close()} waits for the tick, then again once it interrupted it. */
  public static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final DispatcherDeps deps;
  private final Membership membership;
  private final Deadlines deadlines;
  private final LostDrones lostDrones;
  private final Follower follower;
  private final GroupStarter groupStarter;
  private final QueueStarter queueStarter;
  private final EndWatch ends;
  private final Semaphore wakeups = new Semaphore(0);
  private final ReentrantLock ticking = new ReentrantLock();
  private volatile boolean running;
  private Thread thread;

  /** Wires a dispatcher; {@link #start()} begins ticking. */
  public Dispatcher(DispatcherDeps deps) {
    this.deps = deps;
    LabCache lab = new LabCache(deps.hosts(), deps.jobs());
    SessionLauncher launcher = new SessionLauncher(deps, lab);
    this.membership =
        new Membership(
            deps.name(),
            deps.fleet().machine(),
            deps.schedulers(),
            deps.tickInterval(),
            deps.clock());
    this.deadlines = new Deadlines(deps.name(), deps.jobs(), deps.entries(), deps.metrics());
    this.lostDrones = new LostDrones(deps.fleet(), deps.entries());
    this.follower = new Follower(deps, launcher, new Finisher(deps));
    this.groupStarter = new GroupStarter(deps, launcher);
    this.queueStarter = new QueueStarter(deps, lab, launcher);
    this.ends = new EndWatch(this::wake, deps.tickInterval());
  }

  /** {@code <hostname>-<pid>}: unique per running process. */
  public static String defaultName() {
    return Machines.hostname() + "-" + ProcessHandle.current().pid();
  }

  /** This dispatcher's name. */
  public String name() {
    return deps.name();
  }

  /** How long a dispatcher may stay silent before the others adopt its entries. */
  public Duration deadAfter() {
    return membership.deadAfter();
  }

  /**
   * Registers this dispatcher and starts its tick loop ({@code hangar-scheduler}) and heartbeat
   * ({@code hangar-scheduler-heartbeat}). From then on a session's end, a finished parse and a
   * verified results copy each wake the loop, so that an entry goes from Running to its final
   * status without waiting for the pause between ticks.
   */
  public void start() {
    membership.join();
    if (deps.parsing() != null) {
      deps.parsing().whenDone(this::wake);
    }
    if (deps.transfer() != null) {
      deps.transfer().whenDone(this::wake);
    }
    running = true;
    thread = Thread.ofPlatform().name("hangar-scheduler").start(this::loop);
  }

  /** Ends the current pause early: something changed (a job was created, an abort asked). */
  public void wake() {
    wakeups.release();
  }

  /**
   * Runs one tick: adoption, deadlines and aborts of queued entries, then the running sessions,
   * special tasks, groups, and new starts. Tests and benchmarks call it instead of {@link
   * #start()}; ticks never overlap.
   *
   * @throws IllegalStateException while the tick loop runs: it owns the ticks, {@link #wake()} asks
   *     it for one
   */
  public void tickOnce() {
    if (running) {
      throw new IllegalStateException(
          "scheduler " + name() + " ticks on its own thread; call wake() instead of tickOnce()");
    }
    tick();
  }

  private void tick() {
    ticking.lock();
    try {
      tickPhases();
    } finally {
      ticking.unlock();
    }
  }

  private void tickPhases() {
    SchedulerMetrics metrics = deps.metrics();
    metrics.timePhase("adopt", membership::adoptAbandoned);
    metrics.timePhase("timeouts", deadlines::enforceTimeouts);
    metrics.timePhase("aborts", deadlines::abortQueued);
    DroneFleet.Poll poll = metrics.timePhase("poll", () -> deps.fleet().poll(metrics));
    if (poll.silent().size() == deps.fleet().all().size()) {
      return;
    }
    Map<String, SessionState> sessions = poll.sessions();
    lostDrones.reconcile(poll);
    metrics.timePhase("follow", () -> follower.follow(sessions, poll.silent()));
    specialTasks(poll);
    metrics.timePhase("groups", () -> groupStarter.formGroups(poll));
    metrics.timePhase("start", () -> queueStarter.startQueued(poll));
  }

  /**
   * Follows and starts special tasks on the primary drone, when it answered; their sessions count
   * in its running sessions for the phases after.
   */
  private void specialTasks(DroneFleet.Poll poll) {
    SpecialTasks tasks = deps.specialTasks();
    String primary = deps.fleet().primary().name();
    if (tasks == null || poll.silent().contains(primary)) {
      return;
    }
    // Autotest's order: running work, then special tasks, then new jobs.
    int onPrimary = poll.running().getOrDefault(primary, 0);
    int busy =
        deps.metrics()
            .timePhase(
                "special_tasks",
                () -> {
                  int followed = tasks.follow(deps.name(), poll.sessions());
                  tasks.requestReverifies();
                  // Special tasks are bounded by the drone; max_running_jobs counts job entries.
                  return followed
                      + tasks.startPending(
                          deps.name(), deps.throttles().freeSlots(onPrimary + followed, 0));
                });
    poll.running().merge(primary, busy, Integer::sum);
  }

  /**
   * Stops ticking and resigns: this dispatcher's entries go to the next one that ticks. A tick that
   * does not end within {@link #STOP_WAIT}, even interrupted, keeps the entries: see {@link
   * #stop(Duration)}.
   */
  @Override
  public void close() throws InterruptedException {
    stop(STOP_WAIT);
  }

  /**
   * Stops ticking: waits {@code wait} for the current tick, interrupts it, waits {@code wait} more.
   * Once the tick thread has ended, the dispatcher resigns. If it still runs, the dispatcher does
   * not resign (another scheduler would follow the entries the stuck tick may still change); its
   * heartbeat stops, and the others adopt its entries once it counts as dead.
   */
  void stop(Duration wait) throws InterruptedException {
    running = false;
    ends.close();
    wake();
    if (thread != null && !thread.join(wait)) {
      thread.interrupt();
      if (!thread.join(wait)) {
        membership.stopHeartbeat();
        LOG.error(
            "scheduler {} tick still runs {} after it was told to stop and interrupted; not"
                + " resigning: its entries go to another scheduler {} after its last heartbeat",
            name(),
            wait.multipliedBy(2),
            deadAfter());
        return;
      }
    }
    membership.stopHeartbeat();
    if (thread != null) {
      membership.resign();
    }
  }

  /**
   * How soon the scheduler could act: its first tick's length, when it ended, and where its time
   * went.
   */
  private void logFirstTick(long began) {
    long took = (System.nanoTime() - began) / 1_000_000;
    java.util.Optional<java.time.Instant> processStart =
        ProcessHandle.current().info().startInstant();
    String phases = deps.metrics().phaseTotals();
    LOG.info(
        "first tick took {} ms{}{}",
        took,
        processStart
            .map(
                at ->
                    ", "
                        + Duration.between(at, java.time.Instant.now()).toMillis()
                        + " ms after the process started")
            .orElse(""),
        phases.isEmpty() ? "" : " (" + phases + ")");
  }

  private void loop() {
    LOG.info("scheduler started; tick every {} at most", deps.tickInterval());
    DatabaseOutage outage = new DatabaseOutage(deps.metrics(), deps.clock());
    boolean first = true;
    while (running) {
      ends.watch(deps.fleet().all());
      long began = System.nanoTime();
      try {
        outage.tick(() -> deps.metrics().timeTick(this::tick));
      } catch (Throwable e) { // the loop boundary: one bad row must not stop scheduling
        deps.metrics().tickFailed();
        LOG.error("scheduler tick failed; trying again next tick", e);
      }
      if (first) {
        first = false;
        logFirstTick(began);
      }
      try {
        wakeups.tryAcquire(deps.tickInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.info("scheduler stopped");
  }
}

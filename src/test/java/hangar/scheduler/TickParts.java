package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.autoserv.SessionSpec;
import hangar.drone.Drone;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import hangar.store.AclStore;
import hangar.store.AtomicGroupStore;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import hangar.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real parts one phase of the tick works with, for the phases' own tests: the stores over a
 * test class's migrated database, on a clock the test moves; that class's drone daemon (sessions
 * run their control file as a shell script, see {@code ShellSessionRunner}); the dispatcher's
 * dependencies; and the store calls that put an entry where a phase finds it (Starting, Running,
 * Pending). Each test makes its own, under a scheduler name of its own, so that the phases that
 * read "this scheduler's entries" see only that test's.
 */
final class TickParts {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Database database;
  private final LocalDrone drone;
  private final Path results;
  private final String scheduler;
  private final SettableClock clock = new SettableClock(Instant.now());
  private final HostStore hosts;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;

  /**
   * @param drone the test class's drone daemon, or null for tests that start no session
   * @param dir where the sessions' results go ({@code dir/results})
   * @param name a prefix for this test's scheduler name
   */
  TickParts(Database database, LocalDrone drone, Path dir, String name) {
    this.database = database;
    this.drone = drone;
    this.results = dir.resolve("results");
    this.scheduler = name + "-" + NAMES.incrementAndGet();
    this.hosts = new HostStore(database, clock);
    this.jobs = new JobStore(database, clock);
    this.entries = new HostQueueEntryStore(database, clock);
  }

  String scheduler() {
    return scheduler;
  }

  SettableClock clock() {
    return clock;
  }

  LocalDrone drone() {
    return Objects.requireNonNull(drone, "this test class started no drone");
  }

  Path results() {
    return results;
  }

  HostStore hosts() {
    return hosts;
  }

  JobStore jobs() {
    return jobs;
  }

  HostQueueEntryStore entries() {
    return entries;
  }

  Database database() {
    return database;
  }

  LabelStore labels() {
    return new LabelStore(database, clock);
  }

  AclStore acls() {
    return new AclStore(database, clock);
  }

  AtomicGroupStore atomicGroups() {
    return new AtomicGroupStore(database, clock);
  }

  /** The dependencies of a dispatcher over the drone daemon alone, without parsing. */
  DispatcherDeps deps(Throttles throttles) {
    return deps(DroneFleet.of(drone(), results), throttles);
  }

  /** The dependencies of a dispatcher over these drones, without parsing. */
  DispatcherDeps deps(DroneFleet fleet, Throttles throttles) {
    return deps(fleet, throttles, null);
  }

  /** The dependencies of a dispatcher over these drones that parses with {@code parsing}. */
  DispatcherDeps deps(DroneFleet fleet, Throttles throttles, ResultsParsing parsing) {
    return new DispatcherDeps(
        scheduler,
        hosts,
        jobs,
        entries,
        new SchedulerStore(database, clock),
        fleet,
        new ResultsTransfer(results, 1),
        parsing,
        throttles,
        Duration.ofSeconds(1),
        clock,
        SchedulerMetricsTest.metricsOf(entries, throttles, fleet.primary(), clock),
        null);
  }

  /** What the drones of {@code deps} report now. */
  static DroneFleet.Poll poll(DispatcherDeps deps) {
    return deps.fleet().poll(deps.metrics());
  }

  /**
   * A poll in which the drone daemon answered with {@code running} sessions running, none of which
   * this test follows: for the throttles, without making the drone that busy.
   */
  static DroneFleet.Poll pollWithRunning(int running) {
    return new DroneFleet.Poll(
        Map.of(), new HashMap<>(Map.of(LocalDrone.NAME, running)), Set.of(), Map.of());
  }

  /** A new Ready host with these labels. */
  Host newHost(String... labelNames) {
    return hosts.create(
        "rig-" + NAMES.incrementAndGet(), List.of(labelNames), Protection.NO_PROTECTION);
  }

  /** A new label. */
  String newLabel() {
    return labels().create("label" + NAMES.incrementAndGet(), false, false).name();
  }

  long submit(JobRequest request) {
    return jobs.create(request).job().id();
  }

  /** A job of admin's running {@code script} on {@code host}. */
  long submit(String script, Host host) {
    return submit(JobRequest.of("admin", "test", script, List.of(host.hostname())));
  }

  /** A synchronous job of admin's over the named hosts, {@code synchCount} of them together. */
  long submitSynchronous(String script, int synchCount, Host... named) {
    return submit(
        JobRequest.of("admin", "group", script, Arrays.stream(named).map(Host::hostname).toList())
            .withSynchCount(synchCount));
  }

  /** The job's only entry, as the database holds it now. */
  HostQueueEntry entry(long job) {
    List<HostQueueEntry> all = jobs.get(job).entries();
    assertThat(all).as("entries of job " + job).hasSize(1);
    return all.get(0);
  }

  /** The job's entry on {@code host}, as the database holds it now. */
  HostQueueEntry entryOn(long job, Host host) {
    return jobs.get(job).entries().stream()
        .filter(e -> host.hostname().equals(e.hostname()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("job " + job + " has no entry on " + host));
  }

  /** The entry as the database holds it now. */
  HostQueueEntry now(HostQueueEntry entry) {
    return entries
        .find(entry.id())
        .orElseThrow(() -> new AssertionError("entry " + entry.id() + " is gone"));
  }

  /** The job's only entry claimed by this test's scheduler on its host and {@code droneName}. */
  HostQueueEntry starting(long job, String droneName) {
    HostQueueEntry queued = entry(job);
    assertThat(entries.claim(queued, queued.hostId(), queued.hostname(), droneName, scheduler))
        .as("claim of entry " + queued.id())
        .isTrue();
    return now(queued);
  }

  /** The job's only entry claimed on {@code droneName} and marked Running. */
  HostQueueEntry running(long job, String droneName) {
    HostQueueEntry starting = starting(job, droneName);
    assertThat(entries.transition(starting, EntryStatus.STARTING, EntryStatus.RUNNING)).isTrue();
    return now(starting);
  }

  /**
   * Queued entries on their named hosts, claimed Pending by this test's scheduler (their hosts
   * Pending), as {@link QueueStarter} leaves those of synchronous jobs.
   */
  List<HostQueueEntry> pending(HostQueueEntry... queued) {
    List<HostQueueEntryStore.Claim> claims =
        Arrays.stream(queued)
            .map(e -> new HostQueueEntryStore.Claim(e, e.hostId(), e.hostname(), true))
            .toList();
    List<HostQueueEntry> won = entries.claimAll(claims, LocalDrone.NAME, scheduler);
    assertThat(won).as("pending claims").hasSize(queued.length);
    return won.stream().map(this::now).toList();
  }

  /** Starts the entry's session on {@code on} as the scheduler would, running {@code script}. */
  void startSession(Drone on, HostQueueEntry entry, String script) {
    String id = SessionIds.sessionId(entry);
    on.start(
        new SessionSpec(
            id,
            entry.jobId(),
            "admin",
            "test",
            ControlType.CLIENT,
            script,
            List.of(entry.hostname()),
            results.resolve(id)));
  }

  /** What the drone daemon knows of a session, if anything. */
  Optional<SessionState> session(String sessionId) {
    return drone().sessions().stream().filter(s -> s.sessionId().equals(sessionId)).findFirst();
  }

  /** What the drone daemon knows of the entry's session, if anything. */
  Optional<SessionState> sessionOf(HostQueueEntry entry) {
    return session(SessionIds.sessionId(entry));
  }

  /** Waits until the drone daemon reports the session ended. */
  SessionState awaitEnded(String sessionId) {
    return Polling.await(
        "session " + sessionId + " to end", () -> session(sessionId).filter(s -> !s.running()));
  }
}

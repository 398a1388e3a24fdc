package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.drone.ShellSessionRunner;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Priority;
import hangar.lab.Protection;
import hangar.lab.SchedulerInstance;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import hangar.testing.SettableClock;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's state changes, tick by tick, against a real database and a real drone daemon
 * whose sessions run the control file as a shell script (exit 0 passes, another status fails).
 */
class DispatcherTest {
  @TempDir static Path dir;

  private static Database database;
  private static LocalDrone drone;
  private static final AtomicInteger HOSTS = new AtomicInteger();
  private static final String SCHEDULER = "test-scheduler";

  private final Clock clock = Clock.systemUTC();
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private Dispatcher dispatcher;

  @BeforeAll
  static void startDrone() {
    database = TestDatabases.open(DbType.H2, dir);
    drone = LocalDrone.create(dir.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void stopDrone() {
    drone.shutdown();
    database.close();
  }

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    dispatcher = dispatcher(new Throttles(100, 100));
  }

  @Test
  void a_passing_session_runs_the_entry_to_completed_and_frees_the_host() {
    Host host = newHost();
    long job = submit("exit 0", host);

    dispatcher.tickOnce();

    assertThat(entry(job).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.RUNNING);
    JobView done = tickUntilFinished(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.finishedOn()).isNotNull();
    assertThat(done.entries().get(0).startedOn()).isNotNull();
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
    assertThat(hosts.get(host.id()).dirty()).isTrue();
    assertThat(sessionOf(done.entries().get(0))).as("forgotten by the drone").isEmpty();
  }

  @Test
  void a_failing_session_fails_the_entry_with_its_reason() {
    long job = submit("exit 3", newHost());

    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.entries().get(0).reason()).isEqualTo("exit status 3");
  }

  @Test
  void an_entry_for_a_locked_host_waits_and_says_why() {
    Host host = newHost();
    hosts.lock(host.hostname(), "alice", "maintenance");
    long job = submit("exit 0", host);

    dispatcher.tickOnce();

    HostQueueEntry waiting = entry(job);
    assertThat(waiting.status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(waiting.reason())
        .isEqualTo("waiting: host " + host.hostname() + " is locked (maintenance)");
    hosts.unlock(host.hostname());
    assertThat(tickUntilFinished(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void a_host_busy_with_one_job_waits_for_the_next() {
    Host host = newHost();
    long first = submit("sleep 1", host);
    long second = submit("exit 0", host);

    dispatcher.tickOnce();

    assertThat(entry(first).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(entry(second).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(entry(second).reason())
        .isEqualTo("waiting: host " + host.hostname() + " is Running");
    assertThat(tickUntilFinished(second).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(jobs.get(first).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void aborting_a_queued_job_never_starts_it() {
    Host host = newHost();
    hosts.lock(host.hostname(), "alice", "hold it queued");
    long job = submit("exit 0", host);
    jobs.requestAbort(job, "aborted by user");

    dispatcher.tickOnce();

    JobView aborted = jobs.get(job);
    assertThat(aborted.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(aborted.entries().get(0).reason()).isEqualTo("aborted by user");
    assertThat(sessionOf(aborted.entries().get(0))).isEmpty();
  }

  @Test
  void aborting_a_running_job_kills_its_session() {
    Host host = newHost();
    long job = submit("sleep 60", host);
    dispatcher.tickOnce();
    assertThat(entry(job).status()).isEqualTo(EntryStatus.RUNNING);

    jobs.requestAbort(job, "aborted by user");
    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void an_entry_left_starting_by_a_crash_is_started_once() {
    Host host = newHost();
    long job = submit("exit 0", host);
    HostQueueEntry queued = entry(job);
    // A scheduler that died right after its claim leaves the entry Starting, unknown to the drone.
    assertThat(entries.claim(queued, host.id(), host.hostname(), drone.name(), SCHEDULER)).isTrue();

    dispatcher.tickOnce();
    dispatcher.tickOnce();

    assertThat(tickUntilFinished(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void a_running_entry_the_drone_does_not_know_fails_as_lost() {
    Host host = newHost();
    long job = submit("exit 0", host);
    entries.claim(entry(job), host.id(), host.hostname(), drone.name(), SCHEDULER);
    entries.transition(entry(job), EntryStatus.STARTING, EntryStatus.RUNNING);

    dispatcher.tickOnce();

    JobView lost = jobs.get(job);
    assertThat(lost.status()).isEqualTo(JobStatus.FAILED);
    assertThat(lost.entries().get(0).reason()).isEqualTo("drone localhost lost the session");
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void max_processes_per_drone_bounds_running_sessions_and_priority_goes_first() {
    Dispatcher one = dispatcher(new Throttles(runningSessions() + 1, 100));
    long low = submit("sleep 1", newHost(), Priority.LOW);
    long urgent = submit("sleep 1", newHost(), Priority.URGENT);

    one.tickOnce();

    assertThat(entry(urgent).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(entry(low).status()).isEqualTo(EntryStatus.QUEUED);
    tickUntilFinished(urgent, one);
    assertThat(tickUntilFinished(low, one).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void max_jobs_started_per_cycle_bounds_each_tick() {
    Dispatcher slow = dispatcher(new Throttles(100, 1));
    long a = submit("exit 0", newHost());
    long b = submit("exit 0", newHost());

    slow.tickOnce();

    assertThat(List.of(entry(a).status(), entry(b).status()))
        .containsExactlyInAnyOrder(EntryStatus.RUNNING, EntryStatus.QUEUED);
    tickUntilFinished(a, slow);
    tickUntilFinished(b, slow);
  }

  @Test
  void entries_of_a_scheduler_silent_too_long_are_adopted_and_finished() {
    SettableClock time = new SettableClock(Instant.now());
    SchedulerStore schedulers = new SchedulerStore(database, time);
    schedulers.register("ghost", "another-machine", 1);
    Host host = newHost();
    long job = submit("exit 0", host);
    assertThat(entries.claim(entry(job), host.id(), host.hostname(), drone.name(), "ghost"))
        .isTrue();
    Dispatcher heir = dispatcher(new Throttles(100, 100), time);

    heir.tickOnce();

    assertThat(entry(job).status()).as("the ghost is not yet late").isEqualTo(EntryStatus.STARTING);
    time.advance(heir.deadAfter().plusSeconds(1));
    assertThat(tickUntilFinished(job, heir).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(schedulers.list()).extracting(SchedulerInstance::name).doesNotContain("ghost");
  }

  @Test
  void a_scheduler_that_resigns_leaves_its_entries_to_the_next() {
    Host host = newHost();
    long job = submit("exit 0", host);
    SchedulerStore schedulers = new SchedulerStore(database, clock);
    entries.claim(entry(job), host.id(), host.hostname(), drone.name(), "leaving");

    schedulers.resign("leaving");

    assertThat(tickUntilFinished(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void a_job_past_its_timeout_is_aborted_with_the_reason() {
    SettableClock time = useClock();
    Host host = newHost();
    hosts.lock(host.hostname(), "alice", "keeps it queued");
    long job = submit("exit 0", host, Duration.ofMinutes(2), Duration.ofMinutes(60));

    dispatcher.tickOnce();
    assertThat(entry(job).status()).isEqualTo(EntryStatus.QUEUED);
    time.advance(Duration.ofMinutes(3));
    dispatcher.tickOnce();

    JobView aborted = jobs.get(job);
    assertThat(aborted.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(aborted.entries().get(0).reason()).isEqualTo("job timed out after 2 min");
  }

  @Test
  void a_session_past_its_max_runtime_is_killed_with_the_reason() {
    SettableClock time = useClock();
    long job = submit("sleep 60", newHost(), Duration.ofMinutes(600), Duration.ofMinutes(5));
    dispatcher.tickOnce();
    assertThat(entry(job).status()).isEqualTo(EntryStatus.RUNNING);

    time.advance(Duration.ofMinutes(6));
    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(done.entries().get(0).reason())
        .isEqualTo("max runtime of 5 min exceeded; session aborted");
  }

  @Test
  void an_abort_by_a_user_keeps_its_reason_when_the_session_ends() {
    long job = submit("sleep 60", newHost());
    dispatcher.tickOnce();

    jobs.requestAbort(job, "aborted by alice");

    assertThat(tickUntilFinished(job).entries().get(0).reason()).isEqualTo("aborted by alice");
  }

  /** Rewires the stores and the dispatcher to a clock the test moves. */
  private SettableClock useClock() {
    SettableClock time = new SettableClock(Instant.now());
    hosts = new HostStore(database, time);
    jobs = new JobStore(database, time);
    entries = new HostQueueEntryStore(database, time);
    dispatcher = dispatcher(new Throttles(100, 100), time);
    return time;
  }

  private Dispatcher dispatcher(Throttles throttles) {
    return dispatcher(throttles, clock);
  }

  private Dispatcher dispatcher(Throttles throttles, Clock time) {
    return new Dispatcher(
        SCHEDULER,
        hosts,
        jobs,
        entries,
        new SchedulerStore(database, clock),
        drone,
        dir.resolve("results"),
        throttles,
        Duration.ofSeconds(1),
        time,
        SchedulerMetricsTest.metricsOf(entries, throttles, drone, time));
  }

  private Host newHost() {
    return hosts.create("board" + HOSTS.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
  }

  private long submit(String script, Host host) {
    return submit(script, host, Priority.MEDIUM);
  }

  private long submit(String script, Host host, Priority priority) {
    return submit(script, host, priority, JobRequest.DEFAULT_TIMEOUT, JobRequest.DEFAULT_TIMEOUT);
  }

  private long submit(String script, Host host, Duration timeout, Duration maxRuntime) {
    return submit(script, host, Priority.MEDIUM, timeout, maxRuntime);
  }

  private long submit(
      String script, Host host, Priority priority, Duration timeout, Duration maxRuntime) {
    JobRequest r = JobRequest.of("admin", "test", script, List.of(host.hostname()));
    return jobs.create(
            new JobRequest(
                r.owner(),
                r.name(),
                r.controlFile(),
                r.controlType(),
                r.hosts(),
                r.metaHosts(),
                priority.value(),
                1,
                timeout,
                maxRuntime,
                false,
                r.rebootBefore(),
                r.rebootAfter(),
                "",
                List.of()))
        .job()
        .id();
  }

  private HostQueueEntry entry(long job) {
    return jobs.get(job).entries().get(0);
  }

  private JobView tickUntilFinished(long job) {
    return tickUntilFinished(job, dispatcher);
  }

  private JobView tickUntilFinished(long job, Dispatcher d) {
    return Polling.await(
        "job " + job + " to finish",
        () -> {
          d.tickOnce();
          JobView view = jobs.get(job);
          return view.status().isFinished() ? Optional.of(view) : Optional.empty();
        });
  }

  private static Optional<SessionState> sessionOf(HostQueueEntry entry) {
    return drone.sessions().stream()
        .filter(s -> s.sessionId().equals(Dispatcher.sessionId(entry)))
        .findFirst();
  }

  private static int runningSessions() {
    return (int) drone.sessions().stream().filter(SessionState::running).count();
  }
}

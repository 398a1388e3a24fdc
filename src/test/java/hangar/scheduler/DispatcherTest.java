package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.drone.ShellSessionRunner;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Priority;
import hangar.lab.Protection;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.lab.SchedulerInstance;
import hangar.results.ParsedTest;
import hangar.store.AclStore;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.ResultsDbStore;
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
  private LabelStore labels;
  private AclStore acls;
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
    labels = new LabelStore(database, clock);
    acls = new AclStore(database, clock);
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
  void an_ended_session_is_parsed_into_the_results_database_before_its_entry_finishes() {
    Host host = newHost();
    String log =
        "printf 'START\\t----\\t----\\ttimestamp=100\\t\\n"
            + "\\tSTART\\tshell\\tshell\\ttimestamp=101\\t\\n"
            + "\\t\\tFAIL\\tshell\\tshell\\ttimestamp=102\\texit 3\\n"
            + "\\tEND FAIL\\tshell\\tshell\\ttimestamp=102\\t\\n"
            + "END FAIL\\t----\\t----\\ttimestamp=103\\tshell: exit 3\\n' > status.log;"
            + " printf 'hostname=%s\\nuser=admin\\n' "
            + host.hostname()
            + " > keyval; exit 3";
    long job = submit(log, host);
    ResultsDbStore results = new ResultsDbStore(database, clock);
    ResultsParsing parsing = new ResultsParsing(results, dir.resolve("results"), 2);
    Throttles throttles = new Throttles(100, 100);
    Dispatcher parsingDispatcher =
        new Dispatcher(
            new DispatcherDeps(
                SCHEDULER,
                hosts,
                jobs,
                entries,
                new SchedulerStore(database, clock),
                DroneFleet.of(drone, dir.resolve("results")),
                new ResultsTransfer(dir.resolve("results"), 1),
                parsing,
                throttles,
                Duration.ofSeconds(1),
                clock,
                SchedulerMetricsTest.metricsOf(entries, throttles, drone, clock),
                null));

    List<EntryStatus> seen = new java.util.ArrayList<>();
    JobView done =
        Polling.await(
            "job " + job + " to finish",
            () -> {
              parsingDispatcher.tickOnce();
              JobView view = jobs.get(job);
              EntryStatus now = view.entries().get(0).status();
              if (seen.isEmpty() || seen.get(seen.size() - 1) != now) {
                seen.add(now);
              }
              return view.status().isFinished() ? Optional.of(view) : Optional.empty();
            });
    parsing.close();

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(seen).contains(EntryStatus.PARSING).endsWith(EntryStatus.FAILED);
    assertThat(seen.indexOf(EntryStatus.PARSING)).isGreaterThan(seen.indexOf(EntryStatus.RUNNING));
    List<ResultsDbStore.StoredResults> stored = results.forJob(job);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).tag()).isEqualTo(done.job().resultsTag() + "/" + host.hostname());
    assertThat(stored.get(0).drone()).isEqualTo(drone.name());
    assertThat(stored.get(0).results().machine()).isEqualTo(host.hostname());
    assertThat(stored.get(0).results().status()).isEqualTo("FAIL");
    assertThat(stored.get(0).results().tests())
        .extracting(ParsedTest::name, ParsedTest::status, ParsedTest::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("shell", "FAIL", "exit 3"));
  }

  @Test
  void a_session_reaches_its_host_as_the_host_record_says() throws Exception {
    Host host = newHost();
    hosts.setSsh(host.hostname(), "tester", 2222);
    long job = submit("exit 0", host);

    JobView done = tickUntilFinished(job);

    Path results = dir.resolve("results").resolve(done.job().resultsTag()).resolve(host.hostname());
    assertThat(java.nio.file.Files.readString(results.resolve("session-hosts")))
        .isEqualTo("tester@" + host.hostname() + ":2222");
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
  void max_running_jobs_bounds_sessions_over_the_whole_lab() {
    // Another scheduler's session counts against the total too.
    Host elsewhere = newHost();
    long other = submit("exit 0", elsewhere);
    entries.claim(entry(other), elsewhere.id(), elsewhere.hostname(), drone.name(), "other");
    int limit = (int) entries.countActive() + 1;
    Dispatcher capped = dispatcher(new Throttles(100, 100, limit));
    long a = submit("sleep 1", newHost());
    long b = submit("sleep 1", newHost());

    capped.tickOnce();

    assertThat(List.of(entry(a).status(), entry(b).status()))
        .containsExactlyInAnyOrder(EntryStatus.RUNNING, EntryStatus.QUEUED);
    new SchedulerStore(database, clock).resign("other");
    tickUntilFinished(a, capped);
    tickUntilFinished(b, capped);
    tickUntilFinished(other, capped);
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
    schedulers.register("ghost", hangar.host.Machines.hostname(), 1);
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

  @Test
  void a_synchronous_job_waits_pending_then_runs_one_session_over_its_group() throws Exception {
    Host a = newHost();
    Host b = newHost();
    hosts.lock(b.hostname(), "alice", "not yet");
    long job = submit(synchronous("echo ran >> runs; exit 0", 2, a, b));

    dispatcher.tickOnce();

    HostQueueEntry waiting = entryOn(job, a);
    assertThat(waiting.status()).isEqualTo(EntryStatus.PENDING);
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.PENDING);
    assertThat(entryOn(job, b).status()).isEqualTo(EntryStatus.QUEUED);
    dispatcher.tickOnce();
    assertThat(entryOn(job, a).reason())
        .isEqualTo("waiting for 1 more host to start a group of 2 (1 ready: " + a.hostname() + ")");

    hosts.unlock(b.hostname());
    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.entries())
        .extracting(HostQueueEntry::executionSubdir)
        .containsExactly("group0", "group0");
    Path group = dir.resolve("results").resolve(done.job().resultsTag()).resolve("group0");
    assertThat(java.nio.file.Files.readAllLines(group.resolve("runs")))
        .as("one session for the group, run once")
        .containsExactly("ran");
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.READY);
    assertThat(hosts.get(b.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void a_synchronous_job_with_more_hosts_runs_groups_and_stops_a_lone_leftover() {
    Host a = newHost();
    Host b = newHost();
    Host c = newHost();
    long job = submit(synchronous("exit 0", 2, a, b, c));

    JobView done = tickUntilFinished(job);

    // Autotest's stop_if_necessary: the third cannot form a group of two on its own.
    assertThat(done.entries())
        .extracting(HostQueueEntry::hostname, HostQueueEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(a.hostname(), EntryStatus.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(b.hostname(), EntryStatus.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(c.hostname(), EntryStatus.STOPPED));
    assertThat(entryOn(job, c).reason())
        .isEqualTo("job needs 2 hosts together; only 1 of its entries is left to get one");
    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(hosts.get(c.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void a_ready_group_waits_for_room_on_the_drone_and_is_not_stopped_for_it() {
    SettableClock time = useClock();
    Host a = newHost();
    Host b = newHost();
    long job = submit(synchronous("exit 0", 2, a, b));
    // No session slot at all: the group is ready but cannot start.
    Dispatcher full = dispatcher(new Throttles(1, 100, 0, Duration.ofSeconds(60)), time);
    Host busy = newHost();
    long hog = submit("sleep 60", busy);
    full.tickOnce();
    assertThat(entry(hog).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(entryOn(job, b).status()).isEqualTo(EntryStatus.PENDING);
    full.tickOnce();
    assertThat(entryOn(job, a).reason())
        .isEqualTo("waiting for a free drone slot to start a group of 2");

    time.advance(Duration.ofSeconds(61));
    full.tickOnce();

    assertThat(jobs.get(job).entries())
        .extracting(HostQueueEntry::status)
        .containsOnly(EntryStatus.PENDING);
    jobs.requestAbort(hog, "aborted by user");
    assertThat(tickUntilFinished(job, full).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void a_synchronous_job_that_waits_too_long_for_its_group_is_stopped() {
    SettableClock time = useClock();
    dispatcher = dispatcher(new Throttles(100, 100, 0, Duration.ofSeconds(60)), time);
    Host a = newHost();
    Host b = newHost();
    hosts.lock(b.hostname(), "alice", "never comes");
    long job = submit(synchronous("exit 0", 2, a, b));
    dispatcher.tickOnce();
    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);

    time.advance(Duration.ofSeconds(61));
    dispatcher.tickOnce();

    JobView stopped = jobs.get(job);
    assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
    assertThat(stopped.finishedOn()).isEqualTo(time.instant());
    assertThat(stopped.entries())
        .extracting(HostQueueEntry::status)
        .containsOnly(EntryStatus.STOPPED);
    assertThat(entryOn(job, a).reason())
        .isEqualTo(
            "waited 61 s (secs_to_wait_for_atomic_group_hosts) for 2 hosts ready together; only 1"
                + " were: ["
                + a.hostname()
                + "]");
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void aborting_a_synchronous_job_ends_its_pending_entries_and_frees_their_hosts() {
    Host a = newHost();
    Host b = newHost();
    hosts.lock(b.hostname(), "alice", "not yet");
    long job = submit(synchronous("exit 0", 2, a, b));
    dispatcher.tickOnce();
    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);

    jobs.requestAbort(job, "aborted by admin");
    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(entryOn(job, a).reason()).isEqualTo("aborted by admin");
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void a_synchronous_job_asking_for_more_hosts_together_than_it_names_is_refused() {
    Host a = newHost();

    assertThatThrownBy(() -> synchronous("exit 0", 2, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asks for 2 hosts together (synch count) but for only 1 host");
  }

  private static JobRequest synchronous(String script, int synchCount, Host... named) {
    return JobRequest.of(
            "admin", "group", script, java.util.Arrays.stream(named).map(Host::hostname).toList())
        .withSynchCount(synchCount);
  }

  private HostQueueEntry entryOn(long job, Host host) {
    return jobs.get(job).entries().stream()
        .filter(e -> host.hostname().equals(e.hostname()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("job " + job + " has no entry on " + host));
  }

  @Test
  void a_two_host_meta_host_job_runs_on_two_distinct_hosts_with_the_label() {
    String label = newLabel(false);
    Host a = newHost(label);
    Host b = newHost(label);
    newHost();

    long job = submit(request("admin", "exit 0", List.of(), List.of(label, label), List.of()));
    dispatcher.tickOnce();

    JobView done = tickUntilFinished(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.entries())
        .extracting(HostQueueEntry::hostname)
        .containsExactlyInAnyOrder(a.hostname(), b.hostname());
    assertThat(done.entries()).extracting(HostQueueEntry::metaHost).containsOnly(label);
  }

  @Test
  void a_meta_host_entry_waits_for_a_busy_host_and_says_why_then_runs() {
    String label = newLabel(false);
    Host only = newHost(label);
    long busy = submit("sleep 1", only);
    dispatcher.tickOnce();

    long job = submit(request("admin", "exit 0", List.of(), List.of(label), List.of()));
    dispatcher.tickOnce();

    assertThat(entry(job).reason())
        .isEqualTo("waiting: no Ready host with label " + label + " (1 carries it: 1 Running)");
    assertThat(tickUntilFinished(job).entries().get(0).hostname()).isEqualTo(only.hostname());
    assertThat(jobs.get(busy).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void only_if_needed_hosts_run_meta_host_entries_only_for_jobs_that_ask_for_the_label() {
    String arch = newLabel(false);
    String gpu = newLabel(true);
    Host special = newHost(arch, gpu);
    Host plainHost = newHost(arch);
    hosts.lock(plainHost.hostname(), "alice", "keeps the unasked entry waiting");

    long plain = submit("exit 0", special);
    long unasked = submit(request("admin", "exit 0", List.of(), List.of(arch), List.of()));
    long asked = submit(request("admin", "exit 0", List.of(), List.of(arch), List.of(gpu)));

    dispatcher.tickOnce();
    assertThat(entry(unasked).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(entry(unasked).reason())
        .isEqualTo(
            "waiting: no Ready host with label "
                + arch
                + " (2 carry it: 1 carries only-if-needed label "
                + gpu
                + ", 1 locked)");
    assertThat(tickUntilFinished(plain).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(tickUntilFinished(asked).entries().get(0).hostname()).isEqualTo(special.hostname());
    assertThat(entry(unasked).status()).isEqualTo(EntryStatus.QUEUED);
  }

  @Test
  void a_dependency_keeps_meta_host_entries_off_hosts_without_it() {
    String arch = newLabel(false);
    String usb = newLabel(false);
    newHost(arch);
    Host withUsb = newHost(arch, usb);

    long job = submit(request("admin", "exit 0", List.of(), List.of(arch), List.of(usb)));

    assertThat(tickUntilFinished(job).entries().get(0).hostname()).isEqualTo(withUsb.hostname());
  }

  @Test
  void an_owner_outside_the_hosts_acl_groups_waits_and_a_member_runs() {
    Host host = newHost();
    String group = "lab-" + host.hostname();
    acls.create(group, "");
    acls.addHost(group, host.hostname());
    acls.removeHost(AclStore.EVERYONE, host.hostname());
    acls.addUser(group, "carol");

    long outsider =
        submit(request("admin", "exit 0", List.of(host.hostname()), List.of(), List.of()));
    long member =
        submit(request("carol", "exit 0", List.of(host.hostname()), List.of(), List.of()));
    dispatcher.tickOnce();

    assertThat(entry(outsider).reason())
        .isEqualTo("waiting: host " + host.hostname() + " shares no ACL group with admin");
    assertThat(tickUntilFinished(member).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(entry(outsider).status()).isEqualTo(EntryStatus.QUEUED);
    jobs.requestAbort(outsider, "aborted by user");
    assertThat(tickUntilFinished(outsider).status()).isEqualTo(JobStatus.ABORTED);
  }

  @Test
  void a_host_deleted_with_force_while_running_gets_its_session_aborted() {
    Host host = newHost();
    long job = submit("sleep 60", host);
    dispatcher.tickOnce();
    assertThat(entry(job).status()).isEqualTo(EntryStatus.RUNNING);

    hosts.delete(host.hostname(), true);

    JobView done = tickUntilFinished(job);
    assertThat(done.status()).isEqualTo(JobStatus.ABORTED);
    assertThat(done.entries().get(0).reason()).isEqualTo("host deleted");
  }

  private String newLabel(boolean onlyIfNeeded) {
    return labels.create("label" + HOSTS.incrementAndGet(), false, onlyIfNeeded).name();
  }

  private Host newHost(String... labelNames) {
    return hosts.create(
        "board" + HOSTS.incrementAndGet(), List.of(labelNames), Protection.NO_PROTECTION);
  }

  private long submit(JobRequest request) {
    return jobs.create(request).job().id();
  }

  private static JobRequest request(
      String owner,
      String script,
      List<String> named,
      List<String> metaHosts,
      List<String> dependencies) {
    return new JobRequest(
        owner,
        "test",
        script,
        ControlType.CLIENT,
        named,
        metaHosts,
        Priority.MEDIUM.value(),
        1,
        JobRequest.DEFAULT_TIMEOUT,
        JobRequest.DEFAULT_TIMEOUT,
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        dependencies);
  }

  private Dispatcher dispatcher(Throttles throttles) {
    return dispatcher(throttles, clock);
  }

  private Dispatcher dispatcher(Throttles throttles, Clock time) {
    return new Dispatcher(
        DispatcherDeps.oneDrone(
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
            SchedulerMetricsTest.metricsOf(entries, throttles, drone, time)));
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
        .filter(s -> s.sessionId().equals(SessionIds.sessionId(entry)))
        .findFirst();
  }

  private static int runningSessions() {
    return (int) drone.sessions().stream().filter(SessionState::running).count();
  }
}

package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.autoserv.HostChecks;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
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
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.SchedulerStore;
import hangar.store.SpecialTaskStore;
import hangar.testing.Polling;
import hangar.testing.SettableClock;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify, cleanup and repair, tick by tick, against a real database and a real drone daemon that
 * runs sessions with the production autoserv on {@code localhost}. A verify that must fail fails
 * for a real reason: the free-disk minimum is set above any disk's size.
 */
class SpecialTasksTest {
  private static final String SCHEDULER = "special-tasks-test";
  private static final HostChecks NO_DISK_IS_ENOUGH = new HostChecks(Long.MAX_VALUE / 2, "");
  private static final String PASSING = "job.run_test('sleeptest', seconds: 0)";

  @TempDir Path dir;

  private Database database;
  private LocalDrone drone;
  private SettableClock clock;
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private SpecialTaskStore tasks;

  @BeforeEach
  void start() {
    database = TestDatabases.open(DbType.H2, dir);
    drone = LocalDrone.create(dir.resolve("drone"));
    clock = new SettableClock(Instant.now());
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    tasks = new SpecialTaskStore(database, clock);
  }

  @AfterEach
  void stop() {
    drone.shutdown();
    database.close();
  }

  @Test
  void a_job_with_run_verify_verifies_its_host_then_runs_on_it() throws IOException {
    Host host = localhost(Protection.NO_PROTECTION);
    long job = submit(request(PASSING, true, RebootBefore.NEVER, RebootAfter.NEVER));
    Dispatcher dispatcher = dispatcher(HostChecks.DEFAULT, Duration.ZERO);

    dispatcher.tickOnce();

    assertThat(entry(job).status()).isEqualTo(EntryStatus.VERIFYING);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.VERIFYING);
    JobView done = tickUntilFinished(dispatcher, job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
    SpecialTask verify = onlyTask(host);
    assertThat(verify.type()).isEqualTo(SpecialTaskType.VERIFY);
    assertThat(verify.success()).isTrue();
    assertThat(verify.queueEntryId()).isEqualTo(done.entries().get(0).id());
    assertThat(verify.startedOn()).isNotNull();
    assertThat(verify.finishedOn()).isNotNull();
    String log = statusLog(verify);
    assertThat(log).contains("START", "verify.command", "verify.disk", "verify.tmp", "END GOOD");
  }

  @Test
  void a_failed_verify_brings_a_repair_and_a_failed_repair_fails_the_named_entry()
      throws IOException {
    Host host = localhost(Protection.NO_PROTECTION);
    long job = submit(request(PASSING, true, RebootBefore.NEVER, RebootAfter.NEVER));
    Dispatcher dispatcher = dispatcher(NO_DISK_IS_ENOUGH, Duration.ZERO);

    JobView done = tickUntilFinished(dispatcher, job);

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.entries().get(0).reason())
        .startsWith("host localhost failed repair: ")
        .contains("below the minimum");
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.REPAIR_FAILED);
    List<SpecialTask> history = tasks.forHost(host.id(), 10);
    assertThat(history)
        .extracting(SpecialTask::type)
        .containsExactly(SpecialTaskType.REPAIR, SpecialTaskType.VERIFY);
    assertThat(history).allSatisfy(t -> assertThat(t.success()).isFalse());
    assertThat(history)
        .allSatisfy(t -> assertThat(t.queueEntryId()).isEqualTo(done.entries().get(0).id()));
    assertThat(statusLog(history.get(0)))
        .contains("INFO", "no power command configured for localhost", "END FAIL");
  }

  @Test
  void a_meta_host_entry_is_requeued_when_its_host_fails_verify_and_repair() {
    LabelStore labels = new LabelStore(database, clock);
    labels.create("x86_64", false, false);
    Host host = hosts.create("localhost", List.of("x86_64"), Protection.NO_PROTECTION);
    JobRequest meta =
        new JobRequest(
            "admin",
            "meta",
            PASSING,
            ControlType.CLIENT,
            List.of(),
            List.of("x86_64"),
            Priority.MEDIUM.value(),
            1,
            JobRequest.DEFAULT_TIMEOUT,
            JobRequest.DEFAULT_TIMEOUT,
            true,
            RebootBefore.NEVER,
            RebootAfter.NEVER,
            "",
            List.of());
    long job = submit(meta);
    Dispatcher dispatcher = dispatcher(NO_DISK_IS_ENOUGH, Duration.ZERO);

    tickUntil(dispatcher, "host to fail repair", () -> status(host) == HostStatus.REPAIR_FAILED);
    dispatcher.tickOnce();

    HostQueueEntry waiting = entry(job);
    assertThat(waiting.status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(waiting.hostId()).as("a meta-host entry lets go of the host").isNull();
    assertThat(waiting.reason()).startsWith("waiting:");
  }

  @Test
  void reboot_after_always_cleans_the_host_after_the_job() throws IOException {
    Host host = localhost(Protection.NO_PROTECTION);
    Files.createDirectories(hangar.autoserv.Autoserv.TEMP_DIR);
    Path leftover = Files.createTempFile(hangar.autoserv.Autoserv.TEMP_DIR, "session-", ".tmp");
    long job = submit(request(PASSING, false, RebootBefore.NEVER, RebootAfter.ALWAYS));
    Dispatcher dispatcher = dispatcher(HostChecks.DEFAULT, Duration.ZERO);

    JobView done = tickUntilFinished(dispatcher, job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(status(host)).isEqualTo(HostStatus.CLEANING);
    tickUntil(dispatcher, "the cleanup to end", () -> status(host) == HostStatus.READY);

    assertThat(hosts.get(host.id()).dirty()).isFalse();
    SpecialTask cleanup = onlyTask(host);
    assertThat(cleanup.type()).isEqualTo(SpecialTaskType.CLEANUP);
    assertThat(cleanup.success()).isTrue();
    assertThat(cleanup.queueEntryId()).as("the job is over; the cleanup is not its").isNull();
    assertThat(statusLog(cleanup)).contains("INFO", "not rebooted", "cleanup.tmp");
    assertThat(leftover).doesNotExist();
  }

  @Test
  void an_aborted_session_always_brings_a_cleanup() {
    Host host = localhost(Protection.NO_PROTECTION);
    long job =
        submit(
            request(
                "job.run_test('shell', command: 'sleep 300')",
                false,
                RebootBefore.NEVER,
                RebootAfter.NEVER));
    Dispatcher dispatcher = dispatcher(HostChecks.DEFAULT, Duration.ZERO);
    tickUntil(dispatcher, "the job to run", () -> entry(job).status() == EntryStatus.RUNNING);

    jobs.requestAbort(job, "aborted by alice");
    assertThat(tickUntilFinished(dispatcher, job).status()).isEqualTo(JobStatus.ABORTED);
    tickUntil(dispatcher, "the cleanup to end", () -> status(host) == HostStatus.READY);

    SpecialTask cleanup = onlyTask(host);
    assertThat(cleanup.type()).isEqualTo(SpecialTaskType.CLEANUP);
    assertThat(cleanup.success()).isTrue();
    assertThat(hosts.get(host.id()).dirty()).isFalse();
  }

  @Test
  void reboot_before_if_dirty_cleans_a_dirty_host_then_verifies_it_before_the_job() {
    Host host = localhost(Protection.NO_PROTECTION);
    Dispatcher dispatcher = dispatcher(HostChecks.DEFAULT, Duration.ZERO);
    long first = submit(request(PASSING, false, RebootBefore.IF_DIRTY, RebootAfter.NEVER));
    tickUntilFinished(dispatcher, first);
    assertThat(tasks.forHost(host.id(), 10)).as("a clean host is not cleaned").isEmpty();
    assertThat(hosts.get(host.id()).dirty()).isTrue();

    long second = submit(request(PASSING, true, RebootBefore.IF_DIRTY, RebootAfter.NEVER));
    dispatcher.tickOnce();
    assertThat(entry(second).status()).isEqualTo(EntryStatus.VERIFYING);
    assertThat(status(host)).isEqualTo(HostStatus.CLEANING);

    assertThat(tickUntilFinished(dispatcher, second).status()).isEqualTo(JobStatus.COMPLETED);
    List<SpecialTask> history = tasks.forHost(host.id(), 10);
    assertThat(history)
        .extracting(SpecialTask::type)
        .containsExactly(SpecialTaskType.VERIFY, SpecialTaskType.CLEANUP);
    assertThat(history).allSatisfy(t -> assertThat(t.success()).isTrue());
    assertThat(history).allSatisfy(t -> assertThat(t.queueEntryId()).isEqualTo(entry(second).id()));
  }

  @Test
  void do_not_verify_skips_the_verify_a_job_asks_for() {
    Host host = localhost(Protection.DO_NOT_VERIFY);
    long job = submit(request(PASSING, true, RebootBefore.NEVER, RebootAfter.NEVER));
    Dispatcher dispatcher = dispatcher(NO_DISK_IS_ENOUGH, Duration.ZERO);

    assertThat(tickUntilFinished(dispatcher, job).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(tasks.forHost(host.id(), 10)).isEmpty();
  }

  @Test
  void do_not_repair_ends_a_failed_verify_repair_failed_without_a_repair_session() {
    Host host = localhost(Protection.DO_NOT_REPAIR);
    tasks.request(host.id(), SpecialTaskType.VERIFY);
    Dispatcher dispatcher = dispatcher(NO_DISK_IS_ENOUGH, Duration.ZERO);

    tickUntil(dispatcher, "host to fail", () -> status(host) == HostStatus.REPAIR_FAILED);

    SpecialTask repair = tasks.forHost(host.id(), 10).get(0);
    assertThat(repair.type()).isEqualTo(SpecialTaskType.REPAIR);
    assertThat(repair.success()).isFalse();
    assertThat(repair.reason()).isEqualTo("not repaired: host protection is Do not repair");
    assertThat(resultsOf(repair)).doesNotExist();
  }

  @Test
  void a_verify_asked_by_hand_brings_a_repair_failed_host_back() {
    Host host = localhost(Protection.NO_PROTECTION);
    tasks.request(host.id(), SpecialTaskType.VERIFY);
    Dispatcher failing = dispatcher(NO_DISK_IS_ENOUGH, Duration.ZERO);
    tickUntil(failing, "host to fail", () -> status(host) == HostStatus.REPAIR_FAILED);

    SpecialTask asked = tasks.request(host.id(), SpecialTaskType.VERIFY);
    assertThat(tasks.request(host.id(), SpecialTaskType.VERIFY).id()).isEqualTo(asked.id());
    Dispatcher fixed = dispatcher(HostChecks.DEFAULT, Duration.ZERO);
    tickUntil(fixed, "host to pass", () -> status(host) == HostStatus.READY);

    assertThat(tasks.get(asked.id()).success()).isTrue();
  }

  @Test
  void reverify_period_verifies_idle_hosts_once_per_period() {
    Host host = localhost(Protection.NO_PROTECTION);
    Dispatcher dispatcher = dispatcher(HostChecks.DEFAULT, Duration.ofMinutes(60));

    dispatcher.tickOnce();
    assertThat(status(host)).as("never verified").isEqualTo(HostStatus.VERIFYING);
    tickUntil(dispatcher, "the verify to end", () -> status(host) == HostStatus.READY);
    assertThat(tasks.forHost(host.id(), 10)).hasSize(1);

    clock.advance(Duration.ofMinutes(30));
    dispatcher.tickOnce();
    assertThat(tasks.forHost(host.id(), 10)).as("verified within the period").hasSize(1);

    clock.advance(Duration.ofMinutes(31));
    dispatcher.tickOnce();
    assertThat(tasks.forHost(host.id(), 10)).hasSize(2);
    tickUntil(dispatcher, "the second verify to end", () -> status(host) == HostStatus.READY);
    assertThat(tasks.forHost(host.id(), 10)).allSatisfy(t -> assertThat(t.success()).isTrue());
  }

  private Host localhost(Protection protection) {
    return hosts.create("localhost", List.of(), protection);
  }

  private HostStatus status(Host host) {
    return hosts.get(host.id()).status();
  }

  private static JobRequest request(
      String control, boolean verify, RebootBefore before, RebootAfter after) {
    return new JobRequest(
        "admin",
        "special",
        control,
        ControlType.CLIENT,
        List.of("localhost"),
        List.of(),
        Priority.MEDIUM.value(),
        1,
        JobRequest.DEFAULT_TIMEOUT,
        JobRequest.DEFAULT_TIMEOUT,
        verify,
        before,
        after,
        "",
        List.of());
  }

  private long submit(JobRequest request) {
    return jobs.create(request).job().id();
  }

  private HostQueueEntry entry(long job) {
    return jobs.get(job).entries().get(0);
  }

  private SpecialTask onlyTask(Host host) {
    List<SpecialTask> all = tasks.forHost(host.id(), 10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private Path resultsOf(SpecialTask task) {
    return dir.resolve("results")
        .resolve("hosts")
        .resolve(task.hostname())
        .resolve(task.resultsFolder());
  }

  private String statusLog(SpecialTask task) throws IOException {
    return Files.readString(resultsOf(task).resolve("status.log"));
  }

  private Dispatcher dispatcher(HostChecks checks, Duration reverifyPeriod) {
    Throttles throttles = new Throttles(100, 100);
    Clock time = clock;
    SpecialTasks special =
        new SpecialTasks(
            tasks,
            hosts,
            jobs,
            entries,
            drone,
            dir.resolve("results"),
            checks,
            reverifyPeriod,
            0,
            time);
    return new Dispatcher(
        DispatcherDeps.oneDrone(
                SCHEDULER,
                hosts,
                jobs,
                entries,
                new SchedulerStore(database, time),
                drone,
                dir.resolve("results"),
                throttles,
                Duration.ofSeconds(1),
                time,
                SchedulerMetricsTest.metricsOf(entries, throttles, drone, time))
            .withSpecialTasks(special));
  }

  private JobView tickUntilFinished(Dispatcher dispatcher, long job) {
    return Polling.await(
        "job " + job + " to finish",
        () -> {
          dispatcher.tickOnce();
          JobView view = jobs.get(job);
          return view.status().isFinished() ? Optional.of(view) : Optional.empty();
        });
  }

  private static void tickUntil(Dispatcher dispatcher, String what, BooleanSupplier done) {
    Polling.await(
        what,
        () -> {
          dispatcher.tickOnce();
          return done.getAsBoolean() ? Optional.of(true) : Optional.empty();
        });
  }
}

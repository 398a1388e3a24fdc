package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.store.AtomicGroupStore;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabelStore;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import hangar.testing.SettableClock;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic group jobs tick by tick, against H2 and a real drone daemon whose sessions run the control
 * file as a shell script: which hosts they get, how they wait, and their one session.
 */
class AtomicGroupsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir static Path dir;

  private static Database database;
  private static LocalDrone drone;

  private final SettableClock clock =
      new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private LabelStore labels;
  private AtomicGroupStore groups;
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
    groups = new AtomicGroupStore(database, clock);
    Throttles throttles = new Throttles(100, 100, 0, WAIT);
    dispatcher =
        new Dispatcher(
            DispatcherDeps.oneDrone(
                "atomic-test",
                hosts,
                jobs,
                entries,
                new SchedulerStore(database, clock),
                drone,
                dir.resolve("results"),
                throttles,
                Duration.ofSeconds(1),
                clock,
                SchedulerMetricsTest.metricsOf(entries, throttles, drone, clock)));
  }

  @Test
  void a_job_runs_one_session_on_hosts_of_one_label_at_most_the_groups_maximum() throws Exception {
    String group = newGroup(2);
    String small = newLabel(group, "a");
    String large = newLabel(group, "b");
    newHost(small);
    Host b1 = newHost(large);
    Host b2 = newHost(large);
    newHost(large);

    long job = submit(JobRequest.onAtomicGroup("admin", "rack", "echo ran >> runs", group, 2));
    JobView done = tickUntilFinished(job);

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.job().atomicGroup()).isEqualTo(group);
    assertThat(done.entries())
        .extracting(HostQueueEntry::hostname)
        .containsExactlyInAnyOrder(b1.hostname(), b2.hostname());
    assertThat(done.entries()).extracting(HostQueueEntry::executionSubdir).containsOnly("group0");
    assertThat(done.entries()).extracting(HostQueueEntry::atomicGroup).containsOnly(group);
    Path results = dir.resolve("results").resolve(done.job().resultsTag()).resolve("group0");
    assertThat(Files.readAllLines(results.resolve("runs")))
        .as("one session")
        .containsExactly("ran");
    assertThat(Files.readString(results.resolve("session-hosts")))
        .isEqualTo(b1.hostname() + "\n" + b2.hostname());
  }

  @Test
  void a_job_waits_queued_saying_why_until_one_label_has_enough_ready_hosts() {
    String group = newGroup(3);
    String label = newLabel(group, "a");
    newHost(label);
    Host locked = newHost(label);
    hosts.lock(locked.hostname(), "alice", "cabling");

    long job = submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 2));
    dispatcher.tickOnce();

    HostQueueEntry waiting = onlyEntry(job);
    assertThat(waiting.status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(waiting.hostId()).isNull();
    assertThat(waiting.reason())
        .isEqualTo(
            "waiting: atomic group "
                + group
                + " needs 2 Ready hosts of one label, at most 3 ("
                + label
                + ": 2 carry it: 1 Ready, 1 locked)");
    hosts.unlock(locked.hostname());
    assertThat(tickUntilFinished(job).entries()).hasSize(2);
  }

  @Test
  void a_dependency_narrows_the_hosts_of_the_label() {
    String group = newGroup(3);
    String label = newLabel(group, "a");
    String usb = labels.create("usb" + NAMES.incrementAndGet(), false, false).name();
    newHost(label);
    Host withUsb = newHost(label, usb);

    long job =
        submit(
            JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 1)
                .withDependencies(List.of(usb)));

    assertThat(tickUntilFinished(job).entries())
        .extracting(HostQueueEntry::hostname)
        .containsExactly(withUsb.hostname());
  }

  @Test
  void with_its_minimum_pending_a_job_waits_for_its_other_hosts_then_starts_without_them() {
    String group = newGroup(3);
    String label = newLabel(group, "a");
    Host a = newHost(label);
    Host b = newHost(label);
    Host c = newHost(label);
    long job = submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 2));
    // The scheduler gave the job three hosts, then one was locked before its entry got it.
    entries.atomicGroups().expand(onlyEntry(job), List.of(a.id(), b.id(), c.id()));
    hosts.lock(c.hostname(), "alice", "cabling");

    dispatcher.tickOnce();
    dispatcher.tickOnce();

    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(entryOn(job, b).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(entryOn(job, c).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(entryOn(job, a).reason())
        .isEqualTo(
            "waiting up to 60 s (secs_to_wait_for_atomic_group_hosts) for 1 more of its hosts to"
                + " be ready (2 ready: "
                + a.hostname()
                + ", "
                + b.hostname()
                + "); starts with those at "
                + clock.instant().plus(WAIT)
                + " at the latest");

    clock.advance(WAIT);
    JobView done = tickUntilFinished(job);

    assertThat(done.status())
        .as("a host it did not need is Stopped, which does not fail a job that ran")
        .isEqualTo(JobStatus.COMPLETED);
    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.COMPLETED);
    assertThat(entryOn(job, b).status()).isEqualTo(EntryStatus.COMPLETED);
    assertThat(entryOn(job, c).status()).isEqualTo(EntryStatus.STOPPED);
    assertThat(entryOn(job, c).reason())
        .isEqualTo(
            "not needed: the atomic group job started without this host, on "
                + a.hostname()
                + ", "
                + b.hostname());
    assertThat(entryOn(job, a).executionSubdir()).isEqualTo("group0");
  }

  @Test
  void below_its_minimum_a_job_keeps_waiting_past_the_delay() {
    String group = newGroup(2);
    String label = newLabel(group, "a");
    Host a = newHost(label);
    Host b = newHost(label);
    long job = submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 2));
    entries.atomicGroups().expand(onlyEntry(job), List.of(a.id(), b.id()));
    hosts.lock(b.hostname(), "alice", "cabling");
    dispatcher.tickOnce();

    clock.advance(WAIT.multipliedBy(2));
    dispatcher.tickOnce();

    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.PENDING);
    assertThat(entryOn(job, a).reason())
        .isEqualTo(
            "waiting for 1 more host to reach the 2 the atomic group job needs at least (1 ready: "
                + a.hostname()
                + ")");
    hosts.unlock(b.hostname());
    assertThat(tickUntilFinished(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void a_job_whose_hosts_cannot_all_come_back_is_stopped_with_the_reason() {
    String group = newGroup(2);
    String label = newLabel(group, "a");
    Host a = newHost(label);
    Host b = newHost(label);
    long job = submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 2));
    entries.atomicGroups().expand(onlyEntry(job), List.of(a.id(), b.id()));
    hosts.lock(b.hostname(), "alice", "cabling");
    dispatcher.tickOnce();

    hosts.delete(b.hostname(), true);
    JobView done = tickUntilFinished(job);

    assertThat(entryOn(job, a).status()).isEqualTo(EntryStatus.STOPPED);
    assertThat(entryOn(job, a).reason())
        .isEqualTo(
            "job needs at least 2 hosts of its atomic group together; only 1 of its entries is"
                + " left to get one");
    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(hosts.get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  private String newGroup(int max) {
    return groups.create("rack" + NAMES.incrementAndGet(), "", max).name();
  }

  private String newLabel(String group, String suffix) {
    String label = labels.create(group + "-" + suffix, false, false).name();
    groups.addLabel(group, label);
    return label;
  }

  private Host newHost(String... labelNames) {
    return hosts.create(
        "node" + NAMES.incrementAndGet(), List.of(labelNames), Protection.NO_PROTECTION);
  }

  private long submit(JobRequest request) {
    return jobs.create(request).job().id();
  }

  private HostQueueEntry onlyEntry(long job) {
    List<HostQueueEntry> all = jobs.get(job).entries();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private HostQueueEntry entryOn(long job, Host host) {
    return jobs.get(job).entries().stream()
        .filter(e -> host.hostname().equals(e.hostname()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("job " + job + " has no entry on " + host));
  }

  private JobView tickUntilFinished(long job) {
    return Polling.await(
        "job " + job + " to finish",
        () -> {
          dispatcher.tickOnce();
          JobView view = jobs.get(job);
          return view.status().isFinished() ? Optional.of(view) : Optional.empty();
        });
  }
}

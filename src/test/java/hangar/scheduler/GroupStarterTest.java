package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.drone.LocalDrone;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starting, keeping waiting or stopping the groups of synchronous and atomic group jobs whose
 * entries wait Pending, against H2 and a real drone daemon whose sessions run the control file as a
 * shell script. The Pending entries are claimed here as the queue phase leaves them.
 */
class GroupStarterTest extends OneDroneLab {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Throttles THROTTLES = new Throttles(100, 100, 0, WAIT);

  private TickParts parts;
  private DispatcherDeps deps;
  private GroupStarter starter;

  @BeforeEach
  void wire() {
    parts = new TickParts(database, drone, dir, "groups-test");
    use(THROTTLES);
  }

  @Test
  void a_synchronous_job_with_its_group_pending_runs_one_session_over_it() throws Exception {
    Host a = parts.newHost();
    Host b = parts.newHost();
    long job = parts.submitSynchronous("echo ran >> runs", 2, a, b);
    parts.pending(parts.entryOn(job, a), parts.entryOn(job, b));

    assertThat(starter.formGroups(TickParts.poll(deps))).isEqualTo(1);

    for (Host host : List.of(a, b)) {
      HostQueueEntry entry = parts.entryOn(job, host);
      assertThat(entry.status()).isEqualTo(EntryStatus.RUNNING);
      assertThat(entry.executionSubdir()).isEqualTo("group0");
      assertThat(entry.drone()).isEqualTo(LocalDrone.NAME);
      assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.RUNNING);
    }
    parts.awaitEnded("grp-" + job + "-group0");
    Path folder =
        parts.results().resolve(parts.jobs().get(job).job().resultsTag()).resolve("group0");
    assertThat(Files.readAllLines(folder.resolve("runs"))).as("one session").containsExactly("ran");
  }

  @Test
  void a_group_short_of_hosts_waits_and_says_why() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    parts.hosts().lock(b.hostname(), "alice", "not yet");
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    parts.pending(parts.entryOn(job, a));

    assertThat(starter.formGroups(TickParts.poll(deps))).isZero();

    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(parts.entryOn(job, a).reason())
        .isEqualTo("waiting for 1 more host to start a group of 2 (1 ready: " + a.hostname() + ")");
  }

  @Test
  void a_group_that_can_no_longer_gather_its_hosts_is_stopped_and_frees_them() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    parts.hosts().lock(b.hostname(), "alice", "never comes");
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    parts.pending(parts.entryOn(job, a));
    parts.hosts().delete(b.hostname(), true);

    starter.formGroups(TickParts.poll(deps));

    HostQueueEntry stopped = parts.entryOn(job, a);
    assertThat(stopped.status()).isEqualTo(EntryStatus.STOPPED);
    assertThat(stopped.reason())
        .isEqualTo("job needs 2 hosts together; only 1 of its entries is left to get one");
    assertThat(parts.hosts().get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void a_group_that_waits_past_secs_to_wait_for_atomic_group_hosts_is_stopped() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    parts.hosts().lock(b.hostname(), "alice", "never comes");
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    parts.pending(parts.entryOn(job, a));
    starter.formGroups(TickParts.poll(deps));
    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);

    parts.clock().advance(WAIT.plusSeconds(1));
    starter.formGroups(TickParts.poll(deps));

    assertThat(parts.jobs().get(job).entries())
        .extracting(HostQueueEntry::status)
        .containsOnly(EntryStatus.STOPPED);
    assertThat(parts.entryOn(job, a).reason())
        .isEqualTo(
            "waited 61 s (secs_to_wait_for_atomic_group_hosts) for 2 hosts ready together; only 1"
                + " were: ["
                + a.hostname()
                + "]");
  }

  @Test
  void a_ready_group_without_a_drone_slot_waits_and_is_not_stopped_for_it() {
    use(new Throttles(1, 100, 0, WAIT));
    Host a = parts.newHost();
    Host b = parts.newHost();
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    parts.pending(parts.entryOn(job, a), parts.entryOn(job, b));

    assertThat(starter.formGroups(TickParts.pollWithRunning(1))).isZero();
    parts.clock().advance(WAIT.plusSeconds(1));
    assertThat(starter.formGroups(TickParts.pollWithRunning(1))).isZero();

    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(parts.entryOn(job, b).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(parts.entryOn(job, a).reason())
        .isEqualTo("waiting for a free drone slot to start a group of 2");
    assertThat(starter.formGroups(TickParts.pollWithRunning(0))).as("once a slot is free").isOne();
    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void max_jobs_started_per_cycle_bounds_the_groups_started_by_one_call() {
    use(new Throttles(100, 1, 0, WAIT));
    Host a = parts.newHost();
    Host b = parts.newHost();
    Host c = parts.newHost();
    Host d = parts.newHost();
    long first = parts.submitSynchronous("exit 0", 2, a, b);
    long second = parts.submitSynchronous("exit 0", 2, c, d);
    parts.pending(
        parts.entryOn(first, a),
        parts.entryOn(first, b),
        parts.entryOn(second, c),
        parts.entryOn(second, d));

    assertThat(starter.formGroups(TickParts.poll(deps))).isOne();

    assertThat(List.of(parts.entryOn(first, a).status(), parts.entryOn(second, c).status()))
        .containsExactlyInAnyOrder(EntryStatus.RUNNING, EntryStatus.PENDING);
    assertThat(starter.formGroups(TickParts.poll(deps))).as("the other, next call").isOne();
    assertThat(parts.entryOn(second, d).status()).isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void a_pending_entry_asked_to_abort_ends_aborted_and_frees_its_host() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    parts.hosts().lock(b.hostname(), "alice", "not yet");
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    parts.pending(parts.entryOn(job, a));
    parts.jobs().requestAbort(job, "aborted by alice");

    starter.formGroups(TickParts.poll(deps));

    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.ABORTED);
    assertThat(parts.entryOn(job, a).reason()).isEqualTo("aborted by alice");
    assertThat(parts.hosts().get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void an_atomic_group_that_cannot_gather_its_least_number_of_hosts_is_stopped() {
    String group = newAtomicGroup(2);
    Host a = parts.newHost(labelOf(group));
    Host b = parts.newHost(labelOf(group));
    long job = atomicJob(group, 2, a, b);
    parts.hosts().lock(b.hostname(), "alice", "cabling");
    parts.pending(parts.entryOn(job, a));
    starter.formGroups(TickParts.poll(deps));
    assertThat(parts.entryOn(job, a).status()).as("still possible").isEqualTo(EntryStatus.PENDING);

    parts.hosts().delete(b.hostname(), true);
    starter.formGroups(TickParts.poll(deps));

    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.STOPPED);
    assertThat(parts.entryOn(job, a).reason())
        .isEqualTo(
            "job needs at least 2 hosts of its atomic group together; only 1 of its entries is"
                + " left to get one");
    assertThat(parts.hosts().get(a.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void an_atomic_group_starts_without_a_late_host_after_the_wait_and_stops_its_entry() {
    String group = newAtomicGroup(3);
    Host a = parts.newHost(labelOf(group));
    Host b = parts.newHost(labelOf(group));
    Host late = parts.newHost(labelOf(group));
    long job = atomicJob(group, 2, a, b, late);
    parts.hosts().lock(late.hostname(), "alice", "cabling");
    parts.pending(parts.entryOn(job, a), parts.entryOn(job, b));
    assertThat(starter.formGroups(TickParts.poll(deps))).as("waits for the late host").isZero();

    parts.clock().advance(WAIT);
    assertThat(starter.formGroups(TickParts.poll(deps))).isOne();

    assertThat(parts.entryOn(job, a).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entryOn(job, b).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entryOn(job, a).executionSubdir()).isEqualTo("group0");
    assertThat(parts.entryOn(job, late).status()).isEqualTo(EntryStatus.STOPPED);
    assertThat(parts.entryOn(job, late).reason())
        .isEqualTo(
            "not needed: the atomic group job started without this host, on "
                + a.hostname()
                + ", "
                + b.hostname());
    assertThat(parts.sessionOf(parts.entryOn(job, a))).isPresent();
  }

  /** Forms groups under these throttles from now on. */
  private void use(Throttles throttles) {
    deps = parts.deps(throttles);
    starter =
        new GroupStarter(
            deps, new SessionLauncher(deps, new LabCache(parts.hosts(), parts.jobs())));
  }

  /** A new atomic group of at most {@code max} machines, with one label ({@link #labelOf}). */
  private String newAtomicGroup(int max) {
    String group = parts.atomicGroups().create("rack-" + parts.scheduler(), "", max).name();
    parts.labels().create(labelOf(group), false, false);
    parts.atomicGroups().addLabel(group, labelOf(group));
    return group;
  }

  private static String labelOf(String group) {
    return group + "-a";
  }

  /**
   * A job on the atomic group, on at least {@code least} hosts, that the queue phase gave these
   * hosts: one Queued entry on each.
   */
  private long atomicJob(String group, int least, Host... given) {
    long job = parts.submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, least));
    parts
        .entries()
        .atomicGroups()
        .expand(parts.entry(job), Arrays.stream(given).map(Host::id).toList());
    return job;
  }
}

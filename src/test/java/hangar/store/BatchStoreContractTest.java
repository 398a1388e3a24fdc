package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.Protection;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's batch changes (claims, transitions, finishes) on every database and, where the
 * database has {@code SKIP LOCKED}, on both claim paths: the subclasses pick the pair.
 */
abstract class BatchStoreContractTest extends DatabaseContract {
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;

  /** True to claim with {@code SELECT ... FOR UPDATE SKIP LOCKED}, false for guarded updates. */
  abstract boolean skipLocked();

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock, skipLocked());
  }

  @Test
  void claim_all_gives_every_entry_its_host_in_one_go() {
    List<Host> boards = boards(3);
    queue(3, "board0", "board1", "board2");
    List<HostQueueEntry> queued = entries.queued(10);

    List<HostQueueEntry> claimed =
        entries.claimAll(
            List.of(claim(queued.get(0), boards.get(2)), claim(queued.get(1), boards.get(0))),
            "localhost",
            "s1");

    assertThat(claimed)
        .extracting(HostQueueEntry::id, HostQueueEntry::hostname, HostQueueEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(queued.get(0).id(), "board2", EntryStatus.STARTING),
            org.assertj.core.groups.Tuple.tuple(
                queued.get(1).id(), "board0", EntryStatus.STARTING));
    assertThat(entries.activeFor("s1"))
        .extracting(HostQueueEntry::id, HostQueueEntry::hostname, HostQueueEntry::drone)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(queued.get(0).id(), "board2", "localhost"),
            org.assertj.core.groups.Tuple.tuple(queued.get(1).id(), "board0", "localhost"));
    assertThat(entries.activeFor("s1")).extracting(HostQueueEntry::version).containsOnly(1L);
    assertThat(statuses())
        .containsExactly(HostStatus.RUNNING, HostStatus.READY, HostStatus.RUNNING);
    assertThat(entries.claimAll(List.of(), "localhost", "s1")).isEmpty();
  }

  @Test
  void a_pair_with_a_locked_busy_or_stale_side_is_left_out_and_changes_nothing() {
    List<Host> boards = boards(4);
    long aborted = queue(1, "board0").get(0);
    queue(3, "board1", "board2", "board3");
    List<HostQueueEntry> queued = entries.queued(10);
    jobs.requestAbort(aborted, "aborted by admin"); // queued.get(0) is now stale
    hosts.lock("board1", "alice", "maintenance");
    HostQueueEntry other = queued.get(2);
    entries.claim(other, boards.get(2).id(), "board2", "localhost", "s2");

    List<HostQueueEntry> claimed =
        entries.claimAll(
            List.of(
                claim(queued.get(0), boards.get(0)),
                claim(queued.get(1), boards.get(1)),
                claim(queued.get(3), boards.get(2)),
                claim(queued.get(4), boards.get(3))),
            "localhost",
            "s1");

    assertThat(claimed).extracting(HostQueueEntry::hostname).containsExactly("board3");
    assertThat(statuses())
        .containsExactly(
            HostStatus.READY, HostStatus.READY, HostStatus.RUNNING, HostStatus.RUNNING);
    assertThat(entries.activeFor("s2")).extracting(HostQueueEntry::id).containsExactly(other.id());
  }

  @Test
  void two_schedulers_claiming_the_same_hosts_at_once_never_share_one() throws Exception {
    int n = 40;
    List<Host> boards = boards(n);
    String[] names = boards.stream().map(Host::hostname).toArray(String[]::new);
    queue(2 * n, names);
    List<HostQueueEntry> queued = entries.queued(10 * n);
    // s1 pairs the first n entries with the hosts in order, s2 the next n with them reversed,
    // and s3 the first n (the same entries as s1) with the hosts shifted by one.
    List<HostQueueEntryStore.Claim> first = new ArrayList<>();
    List<HostQueueEntryStore.Claim> second = new ArrayList<>();
    List<HostQueueEntryStore.Claim> third = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      first.add(claim(queued.get(i), boards.get(i)));
      second.add(claim(queued.get(n + i), boards.get(n - 1 - i)));
      third.add(claim(queued.get(i), boards.get((i + 1) % n)));
    }
    HostQueueEntryStore s2Store = new HostQueueEntryStore(database, clock, skipLocked());
    HostQueueEntryStore s3Store = new HostQueueEntryStore(database, clock, skipLocked());
    List<Callable<List<HostQueueEntry>>> claimers =
        List.of(
            () -> entries.claimAll(first, "localhost", "s1"),
            () -> s2Store.claimAll(second, "localhost", "s2"),
            () -> s3Store.claimAll(third, "localhost", "s3"));

    List<HostQueueEntry> won = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      for (Future<List<HostQueueEntry>> f : pool.invokeAll(claimers)) {
        won.addAll(f.get());
      }
    }

    List<HostQueueEntry> active = entries.active();
    assertThat(active)
        .extracting(HostQueueEntry::id)
        .containsExactlyInAnyOrderElementsOf(won.stream().map(HostQueueEntry::id).toList());
    assertThat(active).extracting(HostQueueEntry::hostId).doesNotHaveDuplicates();
    assertThat(active).extracting(HostQueueEntry::id).doesNotHaveDuplicates();
    long running = statuses().stream().filter(s -> s == HostStatus.RUNNING).count();
    assertThat(running).isEqualTo(active.size());
    assertThat(active).isNotEmpty();
  }

  @Test
  void transition_all_moves_the_entries_still_in_the_status_named() {
    List<Host> boards = boards(3);
    queue(3, "board0", "board1", "board2");
    List<HostQueueEntry> queued = entries.queued(10);
    List<HostQueueEntry> starting =
        entries.claimAll(
            List.of(
                claim(queued.get(0), boards.get(0)),
                claim(queued.get(1), boards.get(1)),
                claim(queued.get(2), boards.get(2))),
            "localhost",
            "s1");
    assertThat(
            entries.transitionAll(
                starting.subList(0, 2), EntryStatus.STARTING, EntryStatus.RUNNING))
        .containsExactlyInAnyOrder(starting.get(0).id(), starting.get(1).id());
    entries.finish(starting.get(1), EntryStatus.RUNNING, EntryStatus.ABORTED, "aborted by user");

    Set<Long> moved = entries.transitionAll(starting, EntryStatus.STARTING, EntryStatus.RUNNING);

    // The one moved before counts as where it was asked to go; the aborted one does not.
    assertThat(moved).containsExactlyInAnyOrder(starting.get(0).id(), starting.get(2).id());
    assertThat(entries.active())
        .extracting(HostQueueEntry::status, HostQueueEntry::startedOn)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(EntryStatus.RUNNING, clock.instant()));
    assertThat(entries.transitionAll(starting, EntryStatus.QUEUED, EntryStatus.RUNNING)).isEmpty();
  }

  @Test
  void finish_all_ends_entries_frees_or_cleans_hosts_and_finishes_whole_jobs() {
    List<Host> boards = boards(3);
    long twoHosts = queue(1, "board0", "board1").get(0);
    long oneHost = queue(1, "board2").get(0);
    List<HostQueueEntry> queued = entries.queued(10);
    List<HostQueueEntry> running = new ArrayList<>();
    for (HostQueueEntry e :
        entries.claimAll(
            IntStream.range(0, 3).mapToObj(i -> claim(queued.get(i), boards.get(i))).toList(),
            "localhost",
            "s1")) {
      entries.transition(e, EntryStatus.STARTING, EntryStatus.RUNNING);
      running.add(e);
    }

    Set<Long> done =
        entries.finishAll(
            List.of(
                finish(running.get(0), EntryStatus.COMPLETED, "", false),
                finish(running.get(2), EntryStatus.FAILED, "boom", true),
                new HostQueueEntryStore.Finish(
                    running.get(1), EntryStatus.QUEUED, EntryStatus.FAILED, "stale", false)),
            "s1");

    assertThat(done).containsExactlyInAnyOrder(running.get(0).id(), running.get(2).id());
    assertThat(statuses())
        .containsExactly(HostStatus.READY, HostStatus.RUNNING, HostStatus.CLEANING);
    assertThat(hosts.get("board0").dirty()).isTrue();
    List<SpecialTask> cleanups =
        new SpecialTaskStore(database, clock).forHost(boards.get(2).id(), 10);
    assertThat(cleanups)
        .extracting(SpecialTask::type, SpecialTask::active)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SpecialTaskType.CLEANUP, true));
    assertThat(jobs.get(oneHost).status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get(oneHost).finishedOn()).isEqualTo(clock.instant());
    assertThat(jobs.get(oneHost).entries().get(0).reason()).isEqualTo("boom");
    assertThat(jobs.get(twoHosts).finishedOn()).isNull();
    assertThat(entries.finishAll(List.of(), "s1")).isEmpty();
  }

  @Test
  void a_group_of_pending_entries_starts_together_or_not_at_all() {
    List<Host> boards = boards(3);
    long job = synchronous(2, "board0", "board1", "board2");
    List<HostQueueEntry> queued = entries.queued(10);
    List<HostQueueEntry> pending =
        entries.claimAll(
            List.of(
                new HostQueueEntryStore.Claim(queued.get(0), boards.get(0).id(), "board0", true),
                new HostQueueEntryStore.Claim(queued.get(1), boards.get(1).id(), "board1", true)),
            "localhost",
            "s1");
    assertThat(pending).extracting(HostQueueEntry::status).containsOnly(EntryStatus.PENDING);
    assertThat(statuses())
        .containsExactly(HostStatus.PENDING, HostStatus.PENDING, HostStatus.READY);
    GroupStore groups = entries.groups();

    List<GroupStore.PendingJob> waiting = groups.pendingJobs();

    assertThat(waiting).hasSize(1);
    GroupStore.PendingJob one = waiting.get(0);
    assertThat(one.jobId()).isEqualTo(job);
    assertThat(one.synchCount()).isEqualTo(2);
    assertThat(one.stillPossible()).isEqualTo(3);
    assertThat(one.waitingSince()).isEqualTo(clock.instant());
    assertThat(one.pending())
        .extracting(HostQueueEntry::hostname)
        .containsExactly("board0", "board1");
    // A stale member spoils the whole group: nothing moves.
    HostQueueEntry stale = one.pending().get(1);
    entries.requestAbort(stale, "aborted by admin");
    assertThat(groups.startGroup(one.pending(), "group0", "localhost", "s1")).isFalse();
    assertThat(statuses())
        .containsExactly(HostStatus.PENDING, HostStatus.PENDING, HostStatus.READY);

    assertThat(groups.abortPending())
        .extracting(HostQueueEntry::hostname)
        .containsExactly("board1");
    assertThat(statuses()).containsExactly(HostStatus.PENDING, HostStatus.READY, HostStatus.READY);
    GroupStore.PendingJob left = groups.pendingJobs().get(0);
    assertThat(left.stillPossible()).isEqualTo(2);
    assertThat(groups.startGroup(left.pending(), "group0", "localhost", "s1")).isTrue();
    assertThat(entries.activeFor("s1"))
        .extracting(HostQueueEntry::status, HostQueueEntry::executionSubdir)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EntryStatus.STARTING, "group0"));
    assertThat(statuses()).containsExactly(HostStatus.RUNNING, HostStatus.READY, HostStatus.READY);
  }

  @Test
  void stopping_a_synchronous_job_ends_its_waiting_entries_and_frees_their_hosts() {
    List<Host> boards = boards(2);
    long job = synchronous(2, "board0", "board1");
    List<HostQueueEntry> queued = entries.queued(10);
    entries.claimAll(
        List.of(new HostQueueEntryStore.Claim(queued.get(0), boards.get(0).id(), "board0", true)),
        "localhost",
        "s1");

    assertThat(entries.groups().stop(job, "waited too long")).isEqualTo(2);

    assertThat(jobs.get(job).entries())
        .extracting(HostQueueEntry::status, HostQueueEntry::reason)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(EntryStatus.STOPPED, "waited too long"));
    assertThat(jobs.get(job).finishedOn()).isEqualTo(clock.instant());
    assertThat(statuses()).containsOnly(HostStatus.READY);
    assertThat(entries.groups().pendingJobs()).isEmpty();
  }

  private long synchronous(int synchCount, String... hostnames) {
    return jobs.create(
            JobRequest.of("admin", "group", "pass", List.of(hostnames)).withSynchCount(synchCount))
        .job()
        .id();
  }

  private List<Host> boards(int n) {
    List<Host> boards = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boards.add(hosts.create("board" + i, List.of(), Protection.NO_PROTECTION));
    }
    return boards;
  }

  /** Creates {@code count} jobs, each with one entry per named host; returns their ids. */
  private List<Long> queue(int count, String... hostnames) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          jobs.create(JobRequest.of("admin", "job" + i, "pass", List.of(hostnames))).job().id());
    }
    return ids;
  }

  private List<HostStatus> statuses() {
    List<Host> all = new ArrayList<>(hosts.list());
    all.sort(java.util.Comparator.comparingLong(Host::id));
    return all.stream().map(Host::status).toList();
  }

  private static HostQueueEntryStore.Claim claim(HostQueueEntry entry, Host host) {
    return new HostQueueEntryStore.Claim(entry, host.id(), host.hostname());
  }

  private static HostQueueEntryStore.Finish finish(
      HostQueueEntry entry, EntryStatus to, String reason, boolean clean) {
    return new HostQueueEntryStore.Finish(entry, EntryStatus.RUNNING, to, reason, clean);
  }
}

package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.TaskCompletion.EntryChange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link SpecialTaskStore} must do on every database; run against H2, PostgreSQL and MariaDB
 * by the subclasses.
 */
abstract class SpecialTaskStoreContractTest extends DatabaseContract {
  private HostStore hosts;
  private JobStore jobs;
  private SpecialTaskStore tasks;

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    tasks = new SpecialTaskStore(database, clock);
  }

  @Test
  void request_is_idempotent_per_host_and_kind() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    SpecialTask first = tasks.request(host.id(), SpecialTaskType.VERIFY);
    SpecialTask again = tasks.request(host.id(), SpecialTaskType.VERIFY);
    SpecialTask cleanup = tasks.request(host.id(), SpecialTaskType.CLEANUP);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(cleanup.id()).isNotEqualTo(first.id());
    assertThat(first.isPending()).isTrue();
    assertThat(first.hostname()).isEqualTo("board1");
    assertThat(first.requestedOn()).isEqualTo(clock.instant());
    assertThat(tasks.forHost(host.id(), 10)).hasSize(2);
  }

  @Test
  void a_started_task_no_longer_blocks_a_new_request() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    SpecialTask first = tasks.request(host.id(), SpecialTaskType.VERIFY);
    assertThat(tasks.claim(first, HostStatus.READY, "s1")).isPresent();

    SpecialTask second = tasks.request(host.id(), SpecialTaskType.VERIFY);

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.isPending()).isTrue();
  }

  @Test
  void startable_puts_repairs_first_and_skips_locked_and_busy_hosts() {
    Host a = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    Host b = hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    Host locked = hosts.create("board3", List.of(), Protection.NO_PROTECTION);
    hosts.lock("board3", "alice", "bench");
    SpecialTask verify = tasks.request(a.id(), SpecialTaskType.VERIFY);
    SpecialTask repair = tasks.request(b.id(), SpecialTaskType.REPAIR);
    tasks.request(locked.id(), SpecialTaskType.VERIFY);

    assertThat(tasks.startable(10))
        .extracting(SpecialTask::id)
        .containsExactly(repair.id(), verify.id());
  }

  @Test
  void claim_moves_the_host_and_activates_the_task_once() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    SpecialTask task = tasks.request(host.id(), SpecialTaskType.VERIFY);
    clock.advance(Duration.ofSeconds(5));

    Optional<SpecialTask> claimed = tasks.claim(task, HostStatus.READY, "s1");
    Optional<SpecialTask> twice = tasks.claim(task, HostStatus.READY, "s2");

    assertThat(claimed).isPresent();
    assertThat(claimed.get().active()).isTrue();
    assertThat(claimed.get().startedOn()).isEqualTo(clock.instant());
    assertThat(twice).isEmpty();
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.VERIFYING);
    assertThat(tasks.activeFor("s1")).extracting(SpecialTask::id).containsExactly(task.id());
    assertThat(tasks.activeFor("s2")).isEmpty();
  }

  @Test
  void claim_of_a_locked_host_changes_nothing() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    SpecialTask task = tasks.request(host.id(), SpecialTaskType.VERIFY);
    hosts.lock("board1", "alice", "bench");

    assertThat(tasks.claim(task, HostStatus.READY, "s1")).isEmpty();

    assertThat(tasks.get(task.id()).isPending()).isTrue();
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void complete_records_result_and_times_and_moves_the_host() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    SpecialTask task =
        tasks
            .claim(tasks.request(host.id(), SpecialTaskType.VERIFY), HostStatus.READY, "s1")
            .orElseThrow();
    clock.advance(Duration.ofSeconds(30));

    boolean done =
        tasks.complete(
            task,
            new TaskCompletion(
                false,
                "disk full",
                List.of(HostStatus.REPAIRING),
                false,
                SpecialTaskType.REPAIR,
                EntryChange.NONE,
                null),
            "s1");

    assertThat(done).isTrue();
    SpecialTask ended = tasks.get(task.id());
    assertThat(ended.complete()).isTrue();
    assertThat(ended.success()).isFalse();
    assertThat(ended.reason()).isEqualTo("disk full");
    assertThat(ended.finishedOn()).isEqualTo(clock.instant());
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.REPAIRING);
    assertThat(tasks.activeFor("s1"))
        .singleElement()
        .satisfies(next -> assertThat(next.type()).isEqualTo(SpecialTaskType.REPAIR));
  }

  @Test
  void complete_twice_changes_nothing_the_second_time() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    SpecialTask task =
        tasks
            .claim(tasks.request(host.id(), SpecialTaskType.VERIFY), HostStatus.READY, "s1")
            .orElseThrow();
    TaskCompletion ready =
        new TaskCompletion(
            true, "", List.of(HostStatus.READY), false, null, EntryChange.NONE, null);

    assertThat(tasks.complete(task, ready, "s1")).isTrue();
    assertThat(tasks.complete(task, ready, "s1")).isFalse();
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void a_pre_job_verify_of_a_synchronous_job_leaves_entry_and_host_pending() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.of("admin", "j", "exit 0", List.of("board1")));
    SpecialTask task = verifyFor(job.entries().get(0), host);

    tasks.complete(
        task,
        new TaskCompletion(
            true, "", List.of(HostStatus.PENDING), false, null, EntryChange.PEND, null),
        "s1");

    assertThat(jobs.get(job.job().id()).entries().get(0).status()).isEqualTo(EntryStatus.PENDING);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.PENDING);
  }

  /** Claims the entry's host for a pre-job verify by scheduler s1. */
  private SpecialTask verifyFor(HostQueueEntry entry, Host host) {
    return tasks
        .claimForEntry(entry, host.id(), SpecialTaskType.VERIFY, host.hostname(), "localhost", "s1")
        .orElseThrow();
  }

  @Test
  void a_pre_job_verify_holds_the_entry_and_starts_it_on_success() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.of("admin", "j", "exit 0", List.of("board1")));
    HostQueueEntry entry = job.entries().get(0);

    SpecialTask task = verifyFor(entry, host);

    assertThat(task.queueEntryId()).isEqualTo(entry.id());
    assertThat(task.active()).isTrue();
    assertThat(jobs.get(job.job().id()).entries().get(0).status()).isEqualTo(EntryStatus.VERIFYING);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.VERIFYING);
    assertThat(
            tasks.claimForEntry(
                entry, host.id(), SpecialTaskType.VERIFY, "board1", "localhost", "s2"))
        .as("the entry and host are taken")
        .isEmpty();

    tasks.complete(
        task,
        new TaskCompletion(
            true, "", List.of(HostStatus.RUNNING), false, null, EntryChange.START, null),
        "s1");

    assertThat(jobs.get(job.job().id()).entries().get(0).status()).isEqualTo(EntryStatus.STARTING);
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.RUNNING);
  }

  @Test
  void a_failed_pre_job_verify_requeues_a_named_entry_with_its_host() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.of("admin", "j", "exit 0", List.of("board1")));
    HostQueueEntry entry = job.entries().get(0);
    SpecialTask task = verifyFor(entry, host);

    tasks.complete(
        task,
        new TaskCompletion(
            false,
            "no disk",
            List.of(HostStatus.REPAIRING),
            false,
            SpecialTaskType.REPAIR,
            EntryChange.REQUEUE,
            "host board1 failed verify: no disk"),
        "s1");

    HostQueueEntry requeued = jobs.get(job.job().id()).entries().get(0);
    assertThat(requeued.status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(requeued.hostId()).isEqualTo(host.id());
    assertThat(requeued.reason()).isEqualTo("host board1 failed verify: no disk");
    assertThat(tasks.hadRepair(entry.id())).as("the repair has not ended yet").isFalse();
    SpecialTask repair = tasks.activeFor("s1").get(0);
    assertThat(repair.queueEntryId()).isEqualTo(entry.id());

    tasks.complete(
        repair,
        new TaskCompletion(
            false,
            "still no disk",
            List.of(HostStatus.REPAIR_FAILED),
            false,
            null,
            EntryChange.FAIL,
            "host board1 failed repair: still no disk"),
        "s1");

    JobView failed = jobs.get(job.job().id());
    assertThat(failed.entries().get(0).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(failed.entries().get(0).reason())
        .isEqualTo("host board1 failed repair: still no disk");
    assertThat(failed.finishedOn()).isNotNull();
    assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.REPAIR_FAILED);
    assertThat(tasks.hadRepair(entry.id())).isTrue();
  }

  @Test
  void due_for_reverify_are_repair_failed_hosts_and_ready_hosts_not_verified_lately() {
    Host fresh = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    Host verified = hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    hosts.create("board3", List.of(), Protection.DO_NOT_VERIFY);
    Host busy = hosts.create("board4", List.of(), Protection.NO_PROTECTION);
    SpecialTask done =
        tasks
            .claim(tasks.request(verified.id(), SpecialTaskType.VERIFY), HostStatus.READY, "s1")
            .orElseThrow();
    tasks.complete(
        done,
        new TaskCompletion(
            true, "", List.of(HostStatus.READY), false, null, EntryChange.NONE, null),
        "s1");
    tasks.request(busy.id(), SpecialTaskType.CLEANUP);

    assertThat(tasks.dueForReverify(clock.instant().minusSeconds(60), 0))
        .containsExactly(fresh.id());
    clock.advance(Duration.ofMinutes(5));
    assertThat(tasks.dueForReverify(clock.instant().minusSeconds(60), 0))
        .containsExactly(fresh.id(), verified.id());
    assertThat(tasks.dueForReverify(clock.instant().minusSeconds(60), 1)).hasSize(1);
  }

  @Test
  void a_job_that_asks_for_a_cleanup_after_leaves_its_host_cleaning() {
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.of("admin", "j", "exit 0", List.of("board1")));
    HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
    HostQueueEntry entry = job.entries().get(0);
    assertThat(entries.claim(entry, host.id(), "board1", "localhost", "s1")).isTrue();
    HostQueueEntry running = entries.find(entry.id()).orElseThrow();
    assertThat(entries.transition(running, EntryStatus.STARTING, EntryStatus.RUNNING)).isTrue();

    assertThat(
            entries.finishAndClean(running, EntryStatus.RUNNING, EntryStatus.COMPLETED, "", "s1"))
        .isTrue();

    Host after = hosts.get(host.id());
    assertThat(after.status()).isEqualTo(HostStatus.CLEANING);
    assertThat(after.dirty()).isTrue();
    assertThat(tasks.activeFor("s1"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.type()).isEqualTo(SpecialTaskType.CLEANUP);
              assertThat(t.queueEntryId()).isNull();
            });
  }
}

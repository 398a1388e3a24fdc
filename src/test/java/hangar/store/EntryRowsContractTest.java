package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entry queries of the scheduler's tick ({@link EntryRows}) and the wait reasons it writes
 * ({@link EntryMoves}), through {@link HostQueueEntryStore}, on every database; run against H2,
 * PostgreSQL and MariaDB by the subclasses.
 */
abstract class EntryRowsContractTest extends DatabaseContract {
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
  }

  @Test
  void active_entries_are_counted_and_listed_per_scheduler() {
    HostQueueEntry first = running("board1", "s1");
    HostQueueEntry second = running("board2", "s2");
    queue("board3");

    assertThat(entries.countActive()).isEqualTo(2);
    assertThat(entries.active())
        .extracting(HostQueueEntry::id)
        .containsExactly(first.id(), second.id());
    assertThat(entries.activeFor("s1")).extracting(HostQueueEntry::id).containsExactly(first.id());
    assertThat(entries.activeFor("s3")).isEmpty();
    assertThat(entries.find(first.id()).orElseThrow().status()).isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void overdue_lists_the_schedulers_running_entries_past_their_max_runtime() {
    HostQueueEntry late = running("board1", "s1");
    HostQueueEntry aborted = running("board2", "s1");
    running("board3", "s2");
    entries.requestAbort(aborted, "aborted by admin");

    clock.advance(JobRequest.DEFAULT_TIMEOUT);
    assertThat(entries.overdue("s1")).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    List<Map.Entry<HostQueueEntry, Long>> overdue = entries.overdue("s1");
    assertThat(overdue).hasSize(1);
    assertThat(overdue.get(0).getKey().id()).isEqualTo(late.id());
    assertThat(overdue.get(0).getValue()).isEqualTo(JobRequest.DEFAULT_TIMEOUT.toMinutes());
  }

  @Test
  void queued_aborted_lists_queued_entries_marked_by_a_job_timeout() {
    long job = queue("board1");
    clock.advance(Duration.ofMinutes(2));
    queue("board2");

    clock.advance(JobRequest.DEFAULT_TIMEOUT.minusMinutes(1));
    assertThat(jobs.abortTimedOut()).containsExactly(job);

    assertThat(entries.queuedAborted())
        .extracting(HostQueueEntry::jobId, HostQueueEntry::aborted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(job, true));
    assertThat(entries.queued(10)).extracting(HostQueueEntry::hostname).containsExactly("board2");
  }

  @Test
  void wait_reasons_go_to_queued_entries_only_and_are_cut_to_the_column() {
    HostQueueEntry active = running("board1", "s1");
    queue("board2");
    HostQueueEntry waiting = entries.queued(10).get(0);

    entries.explainWaits(Map.of(waiting.id(), "x".repeat(5000), active.id(), "no host"));

    String reason = entries.find(waiting.id()).orElseThrow().reason();
    assertThat(reason).hasSize(4000).endsWith("...");
    assertThat(entries.find(active.id()).orElseThrow().reason()).isNull();
  }

  @Test
  void entries_that_wait_for_the_same_reason_and_for_others_each_get_their_own() {
    queue("board1");
    queue("board2");
    queue("board3");
    List<HostQueueEntry> waiting = entries.queued(10);
    assertThat(waiting).hasSize(3);

    entries.explainWaits(
        Map.of(
            waiting.get(0).id(), "every host busy",
            waiting.get(1).id(), "every host busy",
            waiting.get(2).id(), "host board3 is locked"));

    assertThat(waiting)
        .extracting(e -> entries.find(e.id()).orElseThrow().reason())
        .containsExactly("every host busy", "every host busy", "host board3 is locked");
  }

  @Test
  void an_entry_keeps_the_machine_of_the_scheduler_that_gave_it_its_drone_through_adoption() {
    SchedulerStore schedulers = new SchedulerStore(database, clock);
    schedulers.register("on-a", "machine-a", 1);
    schedulers.register("on-b", "machine-b", 2);
    HostQueueEntry fromA = running("board1", "on-a");
    HostQueueEntry fromB = running("board2", "on-b");
    HostQueueEntry unregistered = running("board3", "gone");

    schedulers.adopt("on-a", "on-b");
    schedulers.register("gone", "machine-c", 3);
    schedulers.resign("gone");
    schedulers.adoptOrphans("on-b");

    assertThat(entries.elsewhere("on-b", "localhost", "machine-b"))
        .extracting(e -> e.getKey().id(), Map.Entry::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(fromA.id(), "machine-a"),
            org.assertj.core.groups.Tuple.tuple(unregistered.id(), "machine-c"));
    assertThat(entries.elsewhere("on-b", "localhost", "machine-a"))
        .extracting(e -> e.getKey().id())
        .containsExactly(fromB.id(), unregistered.id());
    assertThat(entries.elsewhere("on-b", "drone7", "machine-b")).isEmpty();
  }

  /** Creates a job with one entry on a new host; returns the job's id. */
  private long queue(String hostname) {
    hosts.create(hostname, List.of(), Protection.NO_PROTECTION);
    return jobs.create(JobRequest.of("admin", "job-" + hostname, "pass", List.of(hostname)))
        .job()
        .id();
  }

  /** Queues an entry on a new host, claims it for {@code scheduler} and moves it to Running. */
  private HostQueueEntry running(String hostname, String scheduler) {
    long job = queue(hostname);
    HostQueueEntry queued =
        entries.queued(100).stream().filter(e -> e.jobId() == job).findFirst().orElseThrow();
    Host host =
        hosts.list().stream().filter(h -> h.hostname().equals(hostname)).findFirst().orElseThrow();
    assertThat(entries.claim(queued, host.id(), hostname, "localhost", scheduler)).isTrue();
    assertThat(entries.transition(queued, EntryStatus.STARTING, EntryStatus.RUNNING)).isTrue();
    return entries.find(queued.id()).orElseThrow();
  }
}

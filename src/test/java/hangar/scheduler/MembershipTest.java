package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.host.Machines;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import hangar.lab.SchedulerInstance;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import hangar.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joining, leaving and adopting among the schedulers that share a real database. */
class MembershipTest extends OneDatabaseLab {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final SettableClock clock = new SettableClock(Instant.now());
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private SchedulerStore schedulers;

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    schedulers = new SchedulerStore(database, clock);
  }

  @Test
  void a_scheduler_is_dead_after_six_ticks_of_silence_and_never_under_three_seconds() {
    assertThat(
            new Membership("a", Machines.hostname(), schedulers, Duration.ofSeconds(2), clock)
                .deadAfter())
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(
            new Membership("a", Machines.hostname(), schedulers, Duration.ofMillis(100), clock)
                .deadAfter())
        .isEqualTo(Membership.MIN_DEAD_AFTER);
  }

  @Test
  void the_entries_of_a_silent_scheduler_are_adopted_once_it_counts_as_dead() {
    String ghost = "ghost" + NAMES.incrementAndGet();
    String heir = "heir" + NAMES.incrementAndGet();
    schedulers.register(ghost, "another-machine", 1);
    HostQueueEntry entry = claimedBy(ghost);
    Membership membership =
        new Membership(heir, Machines.hostname(), schedulers, Duration.ofSeconds(1), clock);

    membership.adoptAbandoned();
    assertThat(entries.activeFor(heir)).as("the ghost is not yet late").isEmpty();

    clock.advance(membership.deadAfter().plusSeconds(1));
    membership.adoptAbandoned();

    assertThat(entries.activeFor(heir)).extracting(HostQueueEntry::id).contains(entry.id());
    assertThat(schedulers.list()).extracting(SchedulerInstance::name).doesNotContain(ghost);
  }

  @Test
  void a_scheduler_that_joins_then_resigns_leaves_its_entries_to_the_next_at_once() {
    String leaving = "leaving" + NAMES.incrementAndGet();
    String heir = "heir" + NAMES.incrementAndGet();
    Membership first =
        new Membership(leaving, Machines.hostname(), schedulers, Duration.ofSeconds(1), clock);
    first.join();
    assertThat(schedulers.list()).extracting(SchedulerInstance::name).contains(leaving);
    HostQueueEntry entry = claimedBy(leaving);

    try {
      first.stopHeartbeat();
    } catch (InterruptedException e) {
      throw new AssertionError("interrupted while stopping the heartbeat", e);
    }
    first.resign();
    new Membership(heir, Machines.hostname(), schedulers, Duration.ofSeconds(1), clock)
        .adoptAbandoned();

    assertThat(schedulers.list()).extracting(SchedulerInstance::name).doesNotContain(leaving);
    assertThat(entries.activeFor(heir)).extracting(HostQueueEntry::id).contains(entry.id());
  }

  /** A new job's entry, claimed (Starting) by {@code scheduler}. */
  private HostQueueEntry claimedBy(String scheduler) {
    Host host =
        hosts.create("rig-m" + NAMES.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
    long job =
        jobs.create(JobRequest.of("admin", "test", "exit 0", List.of(host.hostname()))).job().id();
    HostQueueEntry entry = jobs.get(job).entries().get(0);
    assertThat(entries.claim(entry, host.id(), host.hostname(), "localhost", scheduler)).isTrue();
    return jobs.get(job).entries().get(0);
  }
}

package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.Verdict;
import hangar.drone.SessionState;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import hangar.testing.SettableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verdicts becoming entry statuses, given the sessions a drone reported, over a real database; the
 * sessions are made here, so no control file runs.
 */
class FinisherTest extends OneDroneLab {
  private static final AtomicInteger HOSTS = new AtomicInteger();
  private static final String SCHEDULER = "finisher-test";

  private final SettableClock clock = new SettableClock(Instant.now());
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private Finisher finisher;

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    Throttles throttles = new Throttles(100, 100);
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            entries,
            new DroneSlots(throttles.maxProcessesPerDrone(), clock));
    finisher =
        new Finisher(
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
                clock,
                metrics));
  }

  @Test
  void an_ended_sessions_verdict_and_reason_become_its_entrys() {
    HostQueueEntry passed = running();
    HostQueueEntry failed = running();

    finisher.finishEnded(
        List.of(passed, failed),
        Map.of(
            SessionIds.sessionId(passed), ended(passed, new SessionOutcome(Verdict.GOOD, "")),
            SessionIds.sessionId(failed),
                ended(failed, new SessionOutcome(Verdict.FAIL, "shell: exit 3"))));

    assertThat(now(passed).status()).isEqualTo(EntryStatus.COMPLETED);
    assertThat(now(failed).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(now(failed).reason()).isEqualTo("shell: exit 3");
    assertThat(hosts.get(passed.hostId()).status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void an_entry_whose_session_the_drone_no_longer_has_fails() {
    HostQueueEntry entry = running();

    finisher.finishEnded(List.of(entry), Map.of());

    assertThat(now(entry).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(now(entry).reason()).isEqualTo("drone " + drone.name() + " lost the session");
  }

  @Test
  void an_entry_given_up_with_its_drone_fails_with_the_reason() {
    HostQueueEntry entry = running();

    finisher.giveUp(List.of(entry));

    assertThat(now(entry).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(now(entry).reason())
        .isEqualTo("drone " + drone.name() + " lost: no answer for 0 s (drone_lost_after_secs)");
  }

  /** A new job's entry, claimed by this scheduler on the drone and marked Running. */
  private HostQueueEntry running() {
    Host host =
        hosts.create("rig-f" + HOSTS.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
    long job =
        jobs.create(JobRequest.of("admin", "test", "exit 0", List.of(host.hostname()))).job().id();
    HostQueueEntry queued = jobs.get(job).entries().get(0);
    assertThat(entries.claim(queued, host.id(), host.hostname(), drone.name(), SCHEDULER)).isTrue();
    HostQueueEntry starting = jobs.get(job).entries().get(0);
    assertThat(entries.transitionAll(List.of(starting), EntryStatus.STARTING, EntryStatus.RUNNING))
        .containsExactly(starting.id());
    return jobs.get(job).entries().get(0);
  }

  private HostQueueEntry now(HostQueueEntry entry) {
    return jobs.get(entry.jobId()).entries().get(0);
  }

  private SessionState ended(HostQueueEntry entry, SessionOutcome outcome) {
    return new SessionState(
        SessionIds.sessionId(entry), false, outcome, clock.instant(), clock.instant());
  }
}

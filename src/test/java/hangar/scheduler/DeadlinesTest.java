package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.testing.SettableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts and aborts of queued entries against a real database, without drones. */
class DeadlinesTest extends OneDatabaseLab {
  private static final AtomicInteger HOSTS = new AtomicInteger();

  private final SettableClock clock = new SettableClock(Instant.now());
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private Deadlines deadlines;

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            entries,
            new DroneSlots(1, clock));
    deadlines = new Deadlines("deadlines-test", jobs, entries, metrics);
  }

  @Test
  void a_queued_entry_whose_abort_was_asked_is_aborted() {
    long job = queuedJob(JobRequest.DEFAULT_TIMEOUT);
    jobs.requestAbort(job, "aborted by alice");
    assertThat(entry(job).status()).isEqualTo(EntryStatus.QUEUED);

    deadlines.abortQueued();

    assertThat(entry(job).status()).isEqualTo(EntryStatus.ABORTED);
    assertThat(entry(job).complete()).isTrue();
  }

  @Test
  void a_queued_job_past_its_timeout_is_aborted_with_the_reason() {
    long job = queuedJob(Duration.ofMinutes(2));
    deadlines.enforceTimeouts();
    deadlines.abortQueued();
    assertThat(entry(job).status()).as("not yet timed out").isEqualTo(EntryStatus.QUEUED);

    clock.advance(Duration.ofMinutes(3));
    deadlines.enforceTimeouts();
    deadlines.abortQueued();

    assertThat(entry(job).status()).isEqualTo(EntryStatus.ABORTED);
    assertThat(entry(job).reason()).isEqualTo("job timed out after 2 min");
  }

  /** A job on a locked host, so that it stays queued. */
  private long queuedJob(Duration timeout) {
    Host host =
        hosts.create("rig-d" + HOSTS.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
    hosts.lock(host.hostname(), "alice", "keeps it queued");
    JobRequest r = JobRequest.of("admin", "test", "exit 0", List.of(host.hostname()));
    return jobs.create(
            new JobRequest(
                r.owner(),
                r.name(),
                r.controlFile(),
                r.controlType(),
                r.hosts(),
                r.metaHosts(),
                r.priority(),
                1,
                timeout,
                JobRequest.DEFAULT_TIMEOUT,
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
}

package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.lab.Host;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.ResultsDbStore;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import hangar.testing.TestDatabases;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's end moves its entry without waiting for a tick: the scheduler below pauses an hour
 * between ticks, so only the drone's word that the session ended, and then the parse's end, can
 * carry the entry from Running through Parsing to Completed.
 */
class EndWatchTest {
  @TempDir Path dir;

  @Test
  void a_sessions_end_carries_its_entry_to_completed_within_one_pause_between_ticks()
      throws Exception {
    Clock clock = Clock.systemUTC();
    Database database = TestDatabases.open(DbType.H2, dir);
    LocalDrone drone = LocalDrone.create(dir.resolve("drone"), ShellSessionRunner.class);
    HostStore hosts = new HostStore(database, clock);
    JobStore jobs = new JobStore(database, clock);
    HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
    ResultsDbStore results = new ResultsDbStore(database, clock);
    Throttles throttles = new Throttles(10, 10);
    DroneSlots slots = new DroneSlots(throttles.maxProcessesPerDrone(), clock);
    slots.watch(drone);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path resultsDir = dir.resolve("results");
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    String log =
        "sleep 1; printf 'START\\t----\\t----\\ttimestamp=100\\t\\n"
            + "END GOOD\\t----\\t----\\ttimestamp=101\\t\\n' > status.log";
    long job =
        jobs.create(JobRequest.of("admin", "short", log, List.of(host.hostname()))).job().id();
    try (ResultsParsing parsing = new ResultsParsing(results, resultsDir, 2);
        Dispatcher dispatcher =
            new Dispatcher(
                new DispatcherDeps(
                    "end-watch",
                    hosts,
                    jobs,
                    entries,
                    new SchedulerStore(database, clock),
                    DroneFleet.of(drone, resultsDir),
                    new ResultsTransfer(resultsDir, 1),
                    parsing,
                    throttles,
                    Duration.ofHours(1),
                    clock,
                    new SchedulerMetrics(registry, entries, slots),
                    null))) {
      dispatcher.start();

      JobView done =
          Polling.await(
              "job " + job + " to finish with no tick due for an hour",
              () -> Optional.of(jobs.get(job)).filter(v -> v.status().isFinished()));

      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(results.forJob(job)).as("parsed on its way to Completed").hasSize(1);
      assertThat(results.forJob(job).get(0).results().status()).isEqualTo("GOOD");
      assertThat(hosts.get(host.id()).status()).isEqualTo(HostStatus.READY);
      // The first tick started the session; the end and the parse each woke one more. The tick
      // that wrote Completed is counted once it returns, so its count may lag the status a little.
      Polling.await(
          "three ticks counted",
          () ->
              Optional.of(registry.get("hangar.scheduler.tick").timer().count())
                  .filter(ticks -> ticks >= 3));
    } finally {
      drone.shutdown();
      database.close();
    }
  }
}
